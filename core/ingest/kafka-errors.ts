/**
 * Turns kafkajs errors into the short reasons an operator reads in the status ("broker
 * 127.0.0.1:9092 unreachable (connect ECONNREFUSED ...)"), and tells errors that retrying cannot
 * fix (bad credentials, missing permissions, an untrusted certificate) from those it can.
 */
import { redactSecrets } from './kafka-log';

const MAX_REASON_CHARS = 500;

/** Broker error codes that mean "fix the configuration", not "wait and retry". */
const PERMANENT_PROTOCOL_ERRORS = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_GROUP_ID',
]);

/** Node TLS error codes of a certificate the client will not trust. */
const PERMANENT_TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  type?: unknown;
  code?: unknown;
  broker?: unknown;
  host?: unknown;
  port?: unknown;
}

function asErrorLike(error: unknown): ErrorLike | null {
  return typeof error === 'object' && error !== null ? error : null;
}

/** The innermost cause: kafkajs wraps the real failure in retry and non-retriable errors. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    const next = asErrorLike(current)?.cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  return current;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function describeRoot(error: unknown): string {
  const e = asErrorLike(error);
  if (e === null) return String(error);
  const name = text(e.name);
  const message = text(e.message) || String(error);
  const code = text(e.code);
  const port = typeof e.port === 'number' || typeof e.port === 'string' ? String(e.port) : '';
  const broker = text(e.broker) || (text(e.host) && port ? `${text(e.host)}:${port}` : '');

  if (
    PERMANENT_TLS_CODES.has(code) ||
    /^ERR_(TLS|SSL)_/.test(code) ||
    /certificate|SSL routines/i.test(message)
  ) {
    return `TLS with broker ${broker || '(unknown)'} failed: ${message}${code ? ` (${code})` : ''}`;
  }
  if (name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED') {
    return `authentication failed: ${message}`;
  }
  if (name === 'KafkaJSConnectionClosedError') return `connection to broker ${broker} closed: ${message}`;
  if (name === 'KafkaJSConnectionError' || /ECONNREFUSED|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT/.test(message)) {
    return `broker ${broker || '(unknown)'} unreachable (${message})`;
  }
  if (name === 'KafkaJSRequestTimeoutError') return `broker ${broker} did not answer in time (${message})`;
  if (name === 'KafkaJSProtocolError' && typeof e.type === 'string') return `${message} (${e.type})`;
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}

/** A one-line, bounded, secret-free description of a Kafka failure. */
export function describeKafkaError(error: unknown, secrets: readonly string[] = []): string {
  const reason = redactSecrets(describeRoot(rootCause(error)), secrets);
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
}

/** True when retrying with the same configuration cannot succeed. */
export function isPermanentKafkaError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 10; depth++) {
    const e = asErrorLike(current);
    if (e === null) return false;
    if (e.name === 'KafkaJSSASLAuthenticationError') return true;
    if (typeof e.type === 'string' && PERMANENT_PROTOCOL_ERRORS.has(e.type)) return true;
    if (typeof e.code === 'string' && PERMANENT_TLS_CODES.has(e.code)) return true;
    current = e.cause;
  }
  return false;
}

/** Thrown back to kafkajs in place of a handler's error: it carries the readable reason into kafkajs's logs. */
export class BatchHandlerError extends Error {
  override readonly name = 'BatchHandlerError';
  /**
   * kafkajs gives up at once on errors it deems unrecoverable (a TypeError, say); a failing
   * handler must be retried like any other failure, so it is marked retriable.
   */
  readonly retriable = true;
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}
