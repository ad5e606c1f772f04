/**
 * Logging for the Kafka source, including everything kafkajs itself logs. kafkajs is handed a
 * `logCreator` that routes its entries to our logger; every string that leaves here passes through
 * `redactSecrets`, so the SASL password can never reach a log line, whatever kafkajs puts in an
 * entry (we never log the client configuration ourselves).
 */
import { logLevel, type logCreator, type LogEntry } from 'kafkajs';
import { REDACTED } from '../contract';

export type SourceLogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFields = Record<string, string | number | boolean | null>;
export type SourceLogger = (level: SourceLogLevel, message: string, fields?: LogFields) => void;

/** Caps that keep one log line bounded whatever an error message or payload holds. */
const MAX_FIELD_CHARS = 1000;
const MAX_STACK_CHARS = 4000;
/** kafkajs entry keys that duplicate what the logger adds itself. */
const SKIPPED_KEYS = new Set(['timestamp', 'logger', 'message']);

/** The default logger: warnings and errors to stderr, one line each. */
export const stderrSourceLogger: SourceLogger = (level, message, fields) => {
  if (level !== 'error' && level !== 'warn') return;
  const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  process.stderr.write(`[kafka-source] ${level.toUpperCase()} ${message}${suffix}\n`);
};

/**
 * Replaces every occurrence of each secret, raw and as it appears inside JSON text, with the
 * redaction placeholder. Empty secrets are ignored (they would match everywhere).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    result = result.split(secret).join(REDACTED);
    const jsonEscaped = JSON.stringify(secret).slice(1, -1);
    if (jsonEscaped !== secret) result = result.split(jsonEscaped).join(REDACTED);
  }
  return result;
}

/** The secrets of a client configuration that must never be logged. */
export function secretsOf(config: { sasl: { password: string } | null }): string[] {
  return config.sasl && config.sasl.password.length > 0 ? [config.sasl.password] : [];
}

function levelName(level: logLevel): SourceLogLevel | null {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
    default:
      return null;
  }
}

function capped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** One kafkajs extra value as a bounded, redacted log field. */
function toField(key: string, value: unknown, secrets: readonly string[]): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const max = key === 'stack' ? MAX_STACK_CHARS : MAX_FIELD_CHARS;
  if (typeof value === 'string') return capped(redactSecrets(value, secrets), max);
  if (value instanceof Error) return capped(redactSecrets(`${value.name}: ${value.message}`, secrets), max);
  let text: string;
  try {
    // undefined for functions and symbols, which carry nothing worth logging.
    text =
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? typeof value;
  } catch {
    text = Object.prototype.toString.call(value);
  }
  // Redact before capping, so a cut can never leave part of a secret behind.
  return capped(redactSecrets(text, secrets), max);
}

/** Converts a kafkajs log entry into our logger's call; exported for tests. */
export function forwardKafkaJsEntry(entry: LogEntry, logger: SourceLogger, secrets: readonly string[]): void {
  const level = levelName(entry.level);
  if (level === null) return;
  const fields: LogFields = { namespace: entry.namespace };
  for (const [key, value] of Object.entries(entry.log)) {
    if (!SKIPPED_KEYS.has(key)) fields[key] = toField(key, value, secrets);
  }
  const message = capped(redactSecrets(String(entry.log.message), secrets), MAX_FIELD_CHARS);
  logger(level, `kafkajs ${entry.namespace}: ${message}`, fields);
}

/** The `logCreator` to give kafkajs. */
export function kafkaJsLogCreator(logger: SourceLogger, secrets: readonly string[]): logCreator {
  return () => (entry) => forwardKafkaJsEntry(entry, logger, secrets);
}
