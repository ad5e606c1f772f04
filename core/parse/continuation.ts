/**
 * Joining stack-trace lines that a producer sent as separate messages (plain text over syslog,
 * `kcat` fed a log file line by line) back onto the line they belong to.
 *
 * A record continues the previous record of the same source (topic, partition, service, host)
 * in the same batch when its text is a continuation line: it starts with whitespace, `at `,
 * `Caused by:`, `Suppressed:`, `... N more`, `File "` (a Python frame), `goroutine `,
 * `Traceback (most recent call last):`, or it is the exception line of a trace already open
 * (`java.net.SocketTimeoutException: Read timed out` under a Java log line, `ValueError: bad` closing
 * a Python traceback). A group stops growing at MAX_JOINED_LINES lines or MAX_JOINED_CHARS.
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

interface Group {
  index: number;
  lines: number;
  /** The head's text: when it is itself an exception line, another one starts a new record. */
  head: string;
  /** A Python traceback is open: its closing `ValueError: …` line belongs to it. */
  traceback: boolean;
}

/** True when the message continues the group open for its source. */
export function continues(group: Group, message: string, leadingBlank: boolean): boolean {
  if (leadingBlank) return true;
  const c = message.charCodeAt(0);
  if (c === 32 || c === 9) return true;
  if (CONTINUATION_START.test(message)) return true;
  if (!group.traceback && group.lines !== 1) return false;
  return EXCEPTION_LINE.test(message) && (group.traceback || !EXCEPTION_LINE.test(group.head));
}

function sourceKey(r: LogRecord): string {
  return `${r.topic}\u0000${r.partition}\u0000${r.service ?? ''}\u0000${r.host ?? ''}`;
}

function newGroup(index: number, message: string): Group {
  return { index, lines: 1, head: message, traceback: false };
}

/**
 * Joins continuation records of one batch onto their first line; returns the records to analyze
 * (the input array itself when nothing was joined, the common case). `leadingBlank[i]` says
 * whether record i's raw value began with a space or tab (the parser trims plain text).
 */
export function joinContinuations(records: LogRecord[], leadingBlank: readonly boolean[]): LogRecord[] {
  let out: LogRecord[] | null = null;
  const open = new Map<string, Group>();
  const joinedAt = new Set<number>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const key = sourceKey(record);
    const group = open.get(key);
    if (group !== undefined && continues(group, record.message, leadingBlank[i] === true)) {
      const head = (out ?? records)[group.index]!;
      if (group.lines < MAX_JOINED_LINES && head.message.length + record.message.length < MAX_JOINED_CHARS) {
        out ??= records.slice(0, i);
        head.message = head.message + '\n' + record.message;
        group.lines++;
        if (record.message.startsWith('Traceback (most recent call last):')) group.traceback = true;
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
