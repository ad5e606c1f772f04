/**
 * Reading the exception a log carries out of stack-trace text: a Java trace (`Type: message`,
 * `\tat frame`, `Caused by: Type: message` — the root cause is the last "Caused by"), a Python
 * traceback (the exception is its last line; in a chain the first block's exception is the root
 * cause), a Go panic (`panic: message` then `goroutine N [running]:`), and Go error chains
 * (`dial tcp …: connect: connection refused`: the root cause is the last `: ` segment).
 * Only the head and the tail of a trace are looked at, so the cost does not grow with its frames.
 */
import type { LogError } from '../contract';

/** Longest error type and message kept in `record.error`. */
export const MAX_ERROR_TYPE_CHARS = 256;
export const MAX_ERROR_MESSAGE_CHARS = 1024;
/** Lines of a trace looked at from its start (for the first exception line). */
const HEAD_LINES = 8;

/** `java.lang.IllegalStateException: msg`, `Exception in thread "main" …`, Node's `TypeError: msg`. */
const JAVA_TYPE =
  /^(?:Exception in thread "[^"]{0,200}" )?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?::\s?(.*))?$/;
const UNQUALIFIED_TYPE = /(?:Error|Exception|Throwable)$/;
const CAUSED_BY = /\n\s*Caused by: ([A-Za-z_$][\w$.]*)(?::\s?([^\n]*))?/g;
const PY_EXCEPTION =
  /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Fault|Stop\w*|[A-Z]\w*)):?\s?(.*)$/;
const PY_CHAIN =
  /\n(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\n/;

function clipText(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function make(type: string | null, message: string | null, rootCause: string | null): LogError {
  return {
    type: type === null ? null : clipText(type.trim(), MAX_ERROR_TYPE_CHARS),
    message:
      message === null || message.trim() === '' ? null : clipText(message.trim(), MAX_ERROR_MESSAGE_CHARS),
    rootCause: rootCause === null ? null : clipText(rootCause.trim(), MAX_ERROR_MESSAGE_CHARS),
  };
}

/** Cheap test: does this text hold a stack trace or traceback at all? */
export function looksLikeStackTrace(text: string): boolean {
  const nl = text.indexOf('\n');
  if (nl < 0) return false;
  return (
    text.indexOf('\n\tat ', nl - 1) >= 0 ||
    text.indexOf('\n    at ', nl - 1) >= 0 ||
    text.indexOf('Traceback (most recent call last):') >= 0 ||
    text.indexOf('\ngoroutine ') >= 0 ||
    text.indexOf('\nCaused by: ') >= 0
  );
}

/** The last "Caused by: Type: message" of a Java trace, as `Type: message`, or null. */
export function javaRootCause(text: string): string | null {
  let last: RegExpExecArray | null = null;
  CAUSED_BY.lastIndex = 0;
  for (let m = CAUSED_BY.exec(text); m !== null; m = CAUSED_BY.exec(text)) last = m;
  if (last === null) return null;
  return last[2] === undefined || last[2] === '' ? last[1]! : `${last[1]!}: ${last[2]}`;
}

function lines(text: string, max: number): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < max && from <= text.length) {
    const nl = text.indexOf('\n', from);
    out.push(text.slice(from, nl < 0 ? text.length : nl).replace(/\r$/, ''));
    if (nl < 0) break;
    from = nl + 1;
  }
  return out;
}

/** A trace with `at` frames (Java, JavaScript) or a "Caused by" chain. */
function hasAtFrames(text: string): boolean {
  return text.indexOf('\n\tat ') >= 0 || text.indexOf('\n    at ') >= 0 || text.indexOf('\nCaused by: ') >= 0;
}

function fromJava(text: string): LogError | null {
  if (!hasAtFrames(text)) return null;
  for (const line of lines(text, HEAD_LINES)) {
    const m = JAVA_TYPE.exec(line.trim());
    if (m === null) continue;
    const type = m[1]!;
    if (type.indexOf('.') < 0 && !UNQUALIFIED_TYPE.test(type)) continue;
    return make(type, m[2] ?? null, javaRootCause(text));
  }
  const root = javaRootCause(text);
  return root === null ? null : make(null, null, root);
}

function lastExceptionLine(block: string): { type: string; message: string } | null {
  const all = block.trimEnd().split('\n');
  for (let i = all.length - 1; i >= 0 && i >= all.length - 4; i--) {
    const line = all[i]!;
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const m = PY_EXCEPTION.exec(line.trim());
    if (m !== null) return { type: m[1]!, message: m[2] ?? '' };
  }
  return null;
}

function fromPython(text: string): LogError | null {
  const start = text.indexOf('Traceback (most recent call last):');
  const blocks = text.slice(start).split(PY_CHAIN);
  const last = lastExceptionLine(blocks[blocks.length - 1]!);
  if (last === null) return null;
  let root: string | null = null;
  if (blocks.length > 1) {
    const first = lastExceptionLine(blocks[0]!);
    if (first !== null) root = first.message === '' ? first.type : `${first.type}: ${first.message}`;
  }
  return make(last.type, last.message, root);
}

function fromGoPanic(text: string): LogError | null {
  // `panic: msg` opens the trace; a plain-text header scan may already have taken `panic:` off
  // the first line (it reads it as the fatal level), then the first line is the message.
  const at = text.startsWith('panic: ') ? 0 : text.indexOf('\npanic: ');
  const start = at < 0 ? 0 : at === 0 ? 7 : at + 8;
  const end = text.indexOf('\n', start);
  const message = text.slice(start, end < 0 ? text.length : end);
  return make('panic', message, goRootCause(message));
}

/** The last segment of a Go-style wrapped error (`a: b: c` → `c`), or null when there is one segment. */
export function goRootCause(message: string): string | null {
  const at = message.lastIndexOf(': ');
  if (at < 0) return null;
  const tail = message.slice(at + 2).trim();
  return tail === '' ? null : tail;
}

/** The exception of a stack-trace text (Java, Python, Go panic), or null when none is recognisable. */
export function exceptionFromTrace(text: string): LogError | null {
  if (text.indexOf('Traceback (most recent call last):') >= 0) return fromPython(text);
  if (text.indexOf('\ngoroutine ') >= 0 || text.startsWith('panic: ')) return fromGoPanic(text);
  return fromJava(text);
}

/** The fully qualified type's last part: `java.net.SocketTimeoutException` → `SocketTimeoutException`. */
export function shortType(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot >= 0 && dot < type.length - 1 ? type.slice(dot + 1) : type;
}

/**
 * One line saying what went wrong, most telling first: the root cause, else `Type: message`,
 * with short type names (`SocketTimeoutException: Read timed out`). Null when there is nothing.
 */
export function errorSummary(error: LogError | null | undefined): string | null {
  if (error === null || error === undefined) return null;
  const text = error.rootCause ?? joinTypeAndMessage(error.type, error.message);
  if (text === null) return null;
  const colon = text.indexOf(': ');
  const head = colon > 0 ? text.slice(0, colon) : text;
  return /^[\w$.]+$/.test(head) && head.indexOf('.') > 0 ? shortType(head) + text.slice(head.length) : text;
}

function joinTypeAndMessage(type: string | null, message: string | null): string | null {
  if (type === null) return message;
  return message === null ? type : `${type}: ${message}`;
}

/**
 * The text the template miner and the classifier see for a record: its message, and for a log
 * that carries an exception, the message's first line plus the exception's summary
 * (`Charge failed for order 1842 | SocketTimeoutException: Read timed out`). So the root cause is
 * part of the template (40 timeouts group apart from 40 refused connections) and visible to the
 * models and rules, while the frames of a trace never split templates.
 */
export function analysisText(record: { message: string; error?: LogError | null }): string {
  const error = record.error;
  if (error === null || error === undefined) return record.message;
  const message = record.message;
  const nl = message.indexOf('\n');
  const head = (nl < 0 ? message : message.slice(0, nl)).trimEnd();
  const summary = errorSummary(error);
  if (summary === null || head.includes(summary)) return head === '' ? message : head;
  return head === '' ? summary : `${head} | ${summary}`;
}
