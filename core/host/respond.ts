/**
 * Response helpers shared by the API and static handlers: security headers on every response, JSON
 * bodies, and the one error shape of the contract (`{ error: { code, message } }`).
 */
import type { ServerResponse } from 'node:http';

/** Headers every response carries, whatever it is. */
const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** API responses are data, never documents: nothing in them may load or run. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The UI's policy: its own scripts and stylesheets only (React style props and uPlot set styles
 * through the CSSOM, which style-src does not restrict), data: images, and the WebSocket back to
 * this very origin ('self' covers same-origin ws: in current browsers; `ws://[::1]:port` is not a
 * valid source and only produced console errors).
 */
export function uiContentSecurityPolicy(_port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function setCommonHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  if (res.headersSent) {
    // A response already started (e.g. a stream failed midway): the only honest thing left is to cut it.
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  setCommonHeaders(res);
  res.setHeader('Content-Security-Policy', API_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  res.statusCode = status;
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { code, message } }, extraHeaders);
}
