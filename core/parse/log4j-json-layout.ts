/**
 * Log4j 2's JsonLayout (the stock `JsonLayout.json`): its `instant` time object and its `thrown`
 * exception object (name, message, `extendedStackTrace` frames, `cause` chain), read into the time,
 * error and Java stack-trace text the structured builder records.
 */
import { isPlainObject } from './types';

/** Causes of a Log4j `thrown` followed, and frames per throwable written into its trace text. */
const MAX_CAUSE_DEPTH = 16;
const MAX_THROWN_FRAMES = 256;

/** Log4j 2 `instant` (`{ epochSecond, nanoOfSecond }`) → epoch ms; null for any other object. */
export function instantTime(value: Record<string, unknown>): number | null {
  const seconds = value.epochSecond;
  const nanos = value.nanoOfSecond ?? 0;
  if (typeof seconds !== 'number' || typeof nanos !== 'number') return null;
  if (!Number.isFinite(seconds) || !Number.isFinite(nanos)) return null;
  const ms = seconds * 1000 + Math.floor(nanos / 1e6);
  return Number.isFinite(ms) ? ms : null;
}

/** `Type: message` of a throwable object (the first line of its Java trace). */
function throwableHead(t: Record<string, unknown>): string {
  const name = typeof t.name === 'string' && t.name.trim() !== '' ? t.name.trim() : 'java.lang.Throwable';
  const message = typeof t.message === 'string' ? t.message.trim() : '';
  return message === '' ? name : `${name}: ${message}`;
}

/** One `extendedStackTrace` element as a Java frame line. */
function frameText(frame: unknown): string {
  if (!isPlainObject(frame)) return '\tat ?';
  const where =
    typeof frame.file === 'string'
      ? typeof frame.line === 'number' && frame.line >= 0
        ? `${frame.file}:${frame.line}`
        : frame.file
      : frame.line === -2
        ? 'Native Method'
        : 'Unknown Source';
  const cls = typeof frame.class === 'string' ? frame.class : '?';
  const method = typeof frame.method === 'string' ? frame.method : '?';
  return `\tat ${cls}.${method}(${where})`;
}

/** A Log4j `thrown`: the error, its root cause (the last of the `cause` chain) and the trace as Java text. */
export function readThrown(thrown: Record<string, unknown>): {
  type: string | null;
  message: string | null;
  trace: string;
  rootCause: string | null;
} {
  const trace: string[] = [];
  let rootCause: string | null = null;
  let current: Record<string, unknown> | null = thrown;
  for (let depth = 0; current !== null && depth < MAX_CAUSE_DEPTH; depth++) {
    const head = throwableHead(current);
    trace.push(depth === 0 ? head : `Caused by: ${head}`);
    const frames = current.extendedStackTrace;
    if (Array.isArray(frames)) {
      for (let i = 0; i < frames.length && i < MAX_THROWN_FRAMES; i++) trace.push(frameText(frames[i]));
    }
    if (depth > 0) rootCause = head;
    current = isPlainObject(current.cause) ? current.cause : null;
  }
  const type = typeof thrown.name === 'string' && thrown.name.trim() !== '' ? thrown.name.trim() : null;
  const raw = typeof thrown.message === 'string' ? thrown.message : thrown.localizedMessage;
  const message = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
  return { type, message, trace: trace.join('\n'), rootCause };
}
