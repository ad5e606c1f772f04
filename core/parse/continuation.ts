/**
 * Joining stack-trace lines that a producer sent as separate messages (plain text over syslog,
 * `kcat` fed a log file line by line) back onto the line they belong to.
 *
 * A plain or syslog record continues the previous one of the same source (topic, partition,
 * service, host) in the same batch when it is a continuation line: it starts with a tab, or (after
 * any indentation) with `at `, `Caused by:`, `Suppressed:`, `... N more`, `File "` (a Python
 * frame), `goroutine N `, `Traceback (most recent call last):` or a Python chain line; or it is an
 * indented code line inside a Python traceback, a Go function line inside a goroutine dump, or the
 * exception line of a trace (`java.net.SocketTimeoutException: Read timed out` right under a log
 * line, `ValueError: bad` closing a traceback). Leading spaces alone are no continuation (sudo
 * indents its messages). JSON and logfmt logs are whole events and never joined. A group stops
 * growing at MAX_JOINED_LINES lines or MAX_JOINED_CHARS.
 *
 * At-least-once is kept by never holding a line across batches: the engine calls this once per
 * batch, before analysis, and every group is complete when the call returns, so the offsets the
 * source commits after the batch belong to analyzed records only. A trace cut by a batch boundary
 * is analyzed as two records (its continuation still reads as the same template); there is no
 * flush timer because nothing waits.
 */
import type { LogRecord } from '../contract';
import { exceptionFromTrace, looksLikeStackTrace } from './exception';

export const MAX_JOINED_LINES = 1000;
export const MAX_JOINED_CHARS = 64 * 1024;

const CONTINUATION_START =
  /^(?:at |Caused by: |Suppressed: |\.\.\. \d+ (?:more|common frames omitted)|File "|goroutine \d+ |Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause)/;
/** An exception line (`pkg.Type: message`, `ValueError: message`) that follows an open log line. */
const EXCEPTION_LINE = /^[A-Za-z_$][\w$]*(?:\.[\w$]+)*(?:Exception|Error|Throwable|Exit|Interrupt)(?::|$)/;
/** A Go frame's function line (`main.(*Server).handle(0x0)`, `created by net/http.(*Server).Serve`). */
const GO_FUNCTION_LINE = /^(?:created by \S|\S+\(.*\)$)/;

/** How a raw value began: the parser trims plain text, so the engine tells the joiner. */
export const RAW_START_OTHER = 0;
export const RAW_START_SPACE = 1;
export const RAW_START_TAB = 2;

interface Group {
  index: number;
  lines: number;
  /** The head's text: when it is itself an exception line, another one starts a new record. */
  head: string;
  /** A Python traceback is open: its indented code lines and closing `ValueError: …` belong to it. */
  traceback: boolean;
  /** A Go goroutine dump is open: its function lines belong to it. */
  goroutine: boolean;
}

/**
 * True when the message continues the group open for its source. Leading spaces alone do not make
 * a continuation (sudo indents its own messages, rsyslog's `msg` keeps the space after the tag);
 * a leading tab does (Java and Go frames), as do the frame patterns after any indentation.
 */
function continues(group: Group, message: string, rawStart: number): boolean {
  let i = 0;
  while (i < message.length && (message.charCodeAt(i) === 32 || message.charCodeAt(i) === 9)) i++;
  if (message.charCodeAt(0) === 9 || rawStart === RAW_START_TAB) return true;
  const text = i === 0 ? message : message.slice(i);
  if (CONTINUATION_START.test(text)) {
    if (text.startsWith('Traceback')) group.traceback = true;
    else if (text.startsWith('goroutine ')) group.goroutine = true;
    return true;
  }
  const indented = i > 0 || rawStart === RAW_START_SPACE;
  if (group.traceback && indented) return true; // a Python frame's code line
  if (group.goroutine && GO_FUNCTION_LINE.test(text)) return true;
  if (group.lines === 1 && group.head.startsWith('panic: ') && text.startsWith('[signal ')) return true;
  if (!group.traceback && group.lines !== 1) return false;
  return EXCEPTION_LINE.test(text) && (group.traceback || !EXCEPTION_LINE.test(group.head));
}

function sourceKey(r: LogRecord): string {
  return `${r.topic}\u0000${r.partition}\u0000${r.service ?? ''}\u0000${r.host ?? ''}`;
}

function newGroup(index: number, message: string): Group {
  return { index, lines: 1, head: message, traceback: false, goroutine: false };
}

/** Structured logs are whole events: only plain and syslog text is ever joined. */
function joinable(record: LogRecord): boolean {
  return record.format !== 'json' && record.format !== 'logfmt';
}

/**
 * Joins continuation records of one batch onto their first line; returns the records to analyze
 * (the input array itself when nothing was joined, the common case). `rawStart[i]` says how
 * record i's raw value began (RAW_START_*: the parser trims plain text).
 */
export function joinContinuations(records: LogRecord[], rawStart: ArrayLike<number>): LogRecord[] {
  let out: LogRecord[] | null = null;
  const open = new Map<string, Group>();
  const joinedAt = new Set<number>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (!joinable(record)) {
      if (out !== null) out.push(record);
      continue;
    }
    const key = sourceKey(record);
    const group = open.get(key);
    if (group !== undefined && continues(group, record.message, rawStart[i] ?? RAW_START_OTHER)) {
      const head = (out ?? records)[group.index]!;
      if (group.lines < MAX_JOINED_LINES && head.message.length + record.message.length < MAX_JOINED_CHARS) {
        out ??= records.slice(0, i);
        head.message = head.message + '\n' + record.message;
        group.lines++;
        head.fields['log.joined_lines'] = group.lines;
        joinedAt.add(group.index);
        continue;
      }
    }
    if (out === null) open.set(key, newGroup(i, record.message));
    else {
      out.push(record);
      open.set(key, newGroup(out.length - 1, record.message));
    }
  }
  if (out === null) return records;
  for (const index of joinedAt) {
    const joined = out[index]!;
    // The exception is read again from the whole trace (its first line alone named none).
    if (looksLikeStackTrace(joined.message))
      joined.error = exceptionFromTrace(joined.message) ?? joined.error;
  }
  return out;
}
