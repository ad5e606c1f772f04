/**
 * Plain-text lines: an optional leading timestamp (see timestamp.ts for the formats, Loghub's
 * included), then a short header scan for the level (`ERROR`, `[notice]`, `Info`, Android's `E`
 * after pid/tid, BGL's `RAS KERNEL INFO`), an optional `[component]`, and the message.
 * The header scan looks at a handful of tokens only, so its cost does not grow with the line.
 *
 * The message is what follows the header (timestamp, level, pid/thread tokens are variables that
 * would only split templates); the consumed header tokens are kept in `fields.header` so nothing
 * read from the line is lost. Without a recognizable header the whole line is the message.
 */
import type { FieldValue, LogLevel } from '../contract';
import { levelFromLetter, levelFromWord, levelFromWordIn } from './level';
import { parseBsdTail } from './syslog';
import { matchLeadingTimestamp, type TimestampMatch } from './timestamp';

export interface PlainParts {
  time: number | null;
  level: LogLevel | null;
  service: string | null;
  host: string | null;
  message: string;
  fields: Record<string, FieldValue>;
}

/** How far a prefix token (OpenStack's file name, BGL's `-` or alert tag) may run before a timestamp. */
const MAX_PREFIX_CHARS = 128;
/** Header tokens inspected for a level after a timestamp (BGL needs 7), and without one. */
const MAX_HEADER_TOKENS_AFTER_TIME = 8;
const MAX_HEADER_TOKENS_WITHOUT_TIME = 2;
const MAX_HEADER_TOKEN_CHARS = 64;
const MAX_COMPONENT_CHARS = 256;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Skips the separators that sit between header parts: spaces, `,`, `|`, and ` - ` / `: `. */
function skipSeparators(text: string, p: number): number {
  for (;;) {
    const c = text.charCodeAt(p);
    if (isSpace(c) || c === 44 /* , */ || c === 124 /* | */) p++;
    else if ((c === 45 /* - */ || c === 58) /* : */ && isSpace(text.charCodeAt(p + 1))) p += 2;
    else return p;
  }
}

function tokenEnd(text: string, p: number, max: number): number {
  const limit = Math.min(text.length, p + max + 1);
  for (let i = p; i < limit; i++) if (isSpace(text.charCodeAt(i))) return i;
  return limit === text.length ? text.length : -1; // -1: longer than `max`
}

// Token tests on `text` between `start` and `end`: header tokens are only sliced when kept.
function hasLowercase(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

function isAllDigits(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Index just after the bracket that closes the one at `p` (nesting counted), or -1. */
function closingBracketEnd(text: string, p: number, max: number): number {
  const open = text.charCodeAt(p);
  const close = open === 91 ? 93 : open === 60 ? 62 : open === 40 ? 41 : -1;
  if (close < 0) return -1;
  let depth = 0;
  const limit = Math.min(text.length, p + max);
  for (let i = p; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return -1;
}

const NO_TOKENS: readonly string[] = Object.freeze([]);

/**
 * `fatal` written in lower case (`sshd[1]: fatal: Write failed: Connection reset by peer`) is
 * the fatal() of a C daemon: the process serving one connection ends and the daemon carries on.
 * That is an error, not a crash; `FATAL`/`Fatal` as a logging framework's level stays fatal.
 */
function daemonLevel(level: LogLevel | null, text: string, start: number): LogLevel | null {
  return level === 'fatal' && text.charCodeAt(start) === 102 /* f */ && text.startsWith('fatal', start)
    ? 'error'
    : level;
}

interface HeaderScan {
  level: LogLevel | null;
  /** Where the message starts when a level was found. */
  end: number;
  /** Tokens passed over before the level (pid, tid, node ids), space-separated; '' when none. */
  skipped: readonly string[];
  component: string | null;
}

/**
 * Looks for the level among the first tokens. After a timestamp, tokens without lowercase
 * letters (pids, node ids, `RAS KERNEL`) may precede it, a level word may be in any case and a
 * single letter counts after a numeric token (Android). Without a timestamp, a level must be
 * UPPERCASE, bracketed or followed by `:`, within the first two tokens, and only `[component]`
 * may precede it — prose such as "error connecting" is not a header.
 */
function scanHeader(text: string, pos: number, afterTimestamp: boolean): HeaderScan | null {
  const maxTokens = afterTimestamp ? MAX_HEADER_TOKENS_AFTER_TIME : MAX_HEADER_TOKENS_WITHOUT_TIME;
  // Allocated on the first skipped token only: most lines skip none.
  let skipped: string[] | null = null;
  let component: string | null = null;
  let numericSeen = false;
  let p = skipSeparators(text, pos);
  for (let t = 0; t < maxTokens && p < text.length; t++) {
    const c = text.charCodeAt(p);
    if (c === 91 /* [ */ || c === 60 /* < */) {
      const end = closingBracketEnd(text, p, MAX_COMPONENT_CHARS);
      if (end < 0) return null;
      const inner = text.slice(p + 1, end - 1);
      // Apache 2.4 writes `[module:level]` (`[core:error]`, `[ssl:warn]`).
      const moduleColon = inner.indexOf(':');
      const level = levelFromWord(
        moduleColon > 0 && moduleColon < 32 ? inner.slice(moduleColon + 1).trim() : inner.trim(),
      );
      if (level !== null)
        return { level, end: skipSeparators(text, end), skipped: skipped ?? NO_TOKENS, component };
      if (c !== 91 || component !== null) return null;
      component = inner;
      p = skipSeparators(text, end);
      continue;
    }
    const end = tokenEnd(text, p, MAX_HEADER_TOKEN_CHARS);
    if (end < 0) return null;
    // The token is text[p, end) (never empty); its word drops a trailing `:`.
    const colon = text.charCodeAt(end - 1) === 58; /* : */
    const wordEnd = colon ? end - 1 : end;
    const level = daemonLevel(levelFromWordIn(text, p, wordEnd), text, p);
    if (level !== null && (afterTimestamp || colon || !hasLowercase(text, p, wordEnd))) {
      return { level, end: skipSeparators(text, end), skipped: skipped ?? NO_TOKENS, component };
    }
    if (afterTimestamp && numericSeen && wordEnd - p === 1) {
      const letterLevel = levelFromLetter(text.slice(p, wordEnd));
      if (letterLevel !== null)
        return {
          level: letterLevel,
          end: skipSeparators(text, end),
          skipped: skipped ?? NO_TOKENS,
          component,
        };
    }
    if (!afterTimestamp || hasLowercase(text, p, end)) return null;
    if (isAllDigits(text, p, end)) numericSeen = true;
    (skipped ??= []).push(text.slice(p, end));
    p = skipSeparators(text, end);
  }
  return null;
}

function leadingTimestamp(
  text: string,
  reference: number,
): { match: TimestampMatch; start: number; prefix: string | null } | null {
  const atStart = matchLeadingTimestamp(text, 0, reference);
  if (atStart !== null) return { match: atStart, start: 0, prefix: null };
  // One prefix token before the timestamp: `nova-api.log.1 2017-05-16 …`, BGL `- 1117838570 …`.
  const space = text.indexOf(' ');
  if (space <= 0 || space > MAX_PREFIX_CHARS) return null;
  const afterPrefix = matchLeadingTimestamp(text, space + 1, reference);
  if (afterPrefix === null) return null;
  const prefix = text.slice(0, space);
  return { match: afterPrefix, start: space + 1, prefix: prefix === '-' ? null : prefix };
}

export function parsePlain(text: string, reference: number): PlainParts {
  const fields: Record<string, FieldValue> = {};
  const stamp = leadingTimestamp(text, reference);
  let time: number | null = null;
  let host: string | null = null;
  let service: string | null = null;
  let bodyStart = 0;

  if (stamp !== null) {
    time = stamp.match.time;
    if (stamp.prefix !== null) fields.prefix = stamp.prefix;
    bodyStart = stamp.match.end;
    const first = text.charCodeAt(stamp.start);
    // BSD syslog-file lines open with a month name; rsyslog's omkafka and RSYSLOG_FileFormat
    // templates with an RFC 3339 time (`2026-12-04T22:34:24.034337+00:00 vm sshd[29716]: …`).
    const rfc3339 = stamp.start === 0 && stamp.prefix === null && text.charCodeAt(10) === 84; /* T */
    if ((first >= 65 && first <= 90) || rfc3339) {
      // BSD syslog-file line (`Jun 14 15:16:01 combo sshd(pam_unix)[19939]: …`).
      const tail = parseBsdTail(text, bodyStart, rfc3339);
      if (tail.tag !== null) {
        host = tail.host;
        service = tail.tag;
        if (tail.pid !== null) fields.pid = tail.pid;
        bodyStart = tail.messageStart;
      }
    }
  }

  // After a syslog tag the message itself may open with a level (`sshd[1]: error: PAM: …`).
  const afterTimestamp = stamp !== null && service === null;
  const header = scanHeader(text, bodyStart, afterTimestamp);
  let level: LogLevel | null = null;
  let messageStart = stamp === null ? 0 : skipSeparators(text, bodyStart);
  if (header !== null && service !== null) {
    // A daemon's own label (`sshd[1]: fatal: …`) gives the level; the message stays as it was sent.
    level = header.level;
  } else if (header !== null) {
    level = header.level;
    messageStart = header.end;
    if (header.skipped.length > 0) fields.header = header.skipped.join(' ');
    let component = header.component;
    if (component === null && text.charCodeAt(messageStart) === 91) {
      // `INFO [main] org.apache…: msg` (Hadoop), `INFO  [QuorumPeer[myid=1]/…@774] - msg` (ZooKeeper).
      const end = closingBracketEnd(text, messageStart, MAX_COMPONENT_CHARS);
      if (end > 0) {
        component = text.slice(messageStart + 1, end - 1);
        messageStart = skipSeparators(text, end);
      }
    }
    if (component !== null) fields.component = component;
  }
  const message = messageStart < text.length ? text.slice(messageStart) : text;
  return { time, level, service, host, message, fields };
}
