/**
 * The API token. Every `/api/*` request carries it as `Authorization: Bearer <token>`; the WebSocket
 * carries it as the `token` query parameter of the upgrade request (browsers cannot set headers on a
 * WebSocket). The token is never logged: only the startup URL line shows it, once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const MIN_TOKEN_LENGTH = 16;
const MAX_TOKEN_LENGTH = 512;

export class TokenError extends Error {}

/** The token from `VIGIL_TOKEN` when set (validated), else 32 random bytes as hex. */
export function resolveToken(fromEnv: string | undefined): string {
  if (fromEnv === undefined || fromEnv === '') return randomBytes(32).toString('hex');
  if (fromEnv.length < MIN_TOKEN_LENGTH || fromEnv.length > MAX_TOKEN_LENGTH) {
    throw new TokenError(`VIGIL_TOKEN must be ${MIN_TOKEN_LENGTH}-${MAX_TOKEN_LENGTH} characters long`);
  }
  if (!/^[\x21-\x7e]+$/.test(fromEnv)) {
    throw new TokenError(
      'VIGIL_TOKEN must be printable ASCII without spaces (it travels in a header and a URL)',
    );
  }
  return fromEnv;
}

/**
 * Compares in constant time. Both sides are hashed first so that neither the comparison nor an
 * early length check leaks how long the expected token is.
 */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of a request, or null when the header is missing or malformed. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

/** The `token` query parameter of a WebSocket upgrade request, or null. */
export function queryToken(url: URL): string | null {
  const values = url.searchParams.getAll('token');
  return values.length === 1 ? (values[0] as string) : null;
}

export function isAuthorizedRequest(req: IncomingMessage, expected: string): boolean {
  const presented = bearerToken(req);
  return presented !== null && tokensEqual(presented, expected);
}
