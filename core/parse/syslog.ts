/**
 * Syslog: RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`) and RFC 3164 (`<PRI>Mmm dd
 * hh:mm:ss HOST TAG[PID]: MSG`). The level comes from the PRI severity. Truncated or sloppy
 * headers never lose text: whatever could not be read as header stays in the message.
 * `parseBsdTail` also serves plain syslog-file lines (no PRI), as Loghub's Linux/OpenSSH/Mac.
 */
import type { FieldValue, LogFormat, LogLevel } from '../contract';
import { levelFromSyslogSeverity } from './level';
import { matchLeadingTimestamp, timeFromValue } from './timestamp';
import { StructuredBuilder, type BuildWarning } from './structured';

const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

export interface SyslogParts {
  format: LogFormat;
  time: number | null;
  level: LogLevel;
  host: string | null;
  service: string | null;
  message: string;
  fields: Record<string, FieldValue>;
  warnings: BuildWarning[];
}

const PRI = /<(\d{1,3})>/y;

/** Cheap detection: `<` followed by a digit. */
export function looksLikeSyslog(text: string, start: number): boolean {
  const next = text.charCodeAt(start + 1);
  return text.charCodeAt(start) === 60 /* < */ && next >= 48 && next <= 57;
}

/** Parses a line starting with `<PRI>` at `start`; null when the PRI is invalid (then it is plain text). */
export function parseSyslog(text: string, start: number, reference: number): SyslogParts | null {
  PRI.lastIndex = start;
  const pri = PRI.exec(text);
  if (pri === null) return null;
  const priority = Number(pri[1]);
  if (priority > 191) return null;
  const facility = FACILITIES[priority >> 3] ?? 'unknown';
  const level = levelFromSyslogSeverity(priority & 7);
  const afterPri = start + pri[0].length;
  // RFC 5424: the version "1" and a space right after the PRI.
  if (text.charCodeAt(afterPri) === 49 /* 1 */ && text.charCodeAt(afterPri + 1) === 32) {
    return parse5424(text, afterPri + 2, level, facility);
  }
  return parse3164(text, afterPri, level, facility, reference);
}

function parse3164(
  text: string,
  pos: number,
  level: LogLevel,
  facility: string,
  reference: number,
): SyslogParts {
  const builder = new StructuredBuilder();
  builder.add('facility', facility);
  const timestamp = matchLeadingTimestamp(text, pos, reference);
  let host: string | null = null;
  let service: string | null = null;
  let messageStart = pos;
  if (timestamp !== null) {
    const tail = parseBsdTail(text, timestamp.end);
    host = tail.host;
    service = tail.tag;
    if (tail.pid !== null) builder.add('pid', tail.pid);
    messageStart = tail.messageStart;
  }
  const { parts, warnings } = builder.finish();
  return {
    format: 'syslog3164',
    time: timestamp?.time ?? null,
    level,
    host,
    service,
    message: text.slice(messageStart),
    fields: parts.fields,
    warnings,
  };
}

function nextSpace(text: string, from: number): number {
  const i = text.indexOf(' ', from);
  return i < 0 ? text.length : i;
}

const NIL = '-';

function parse5424(text: string, pos: number, level: LogLevel, facility: string): SyslogParts {
  const builder = new StructuredBuilder();
  builder.add('facility', facility);
  // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID: five space-separated header tokens.
  const header: string[] = [];
  let p = pos;
  while (header.length < 5 && p < text.length) {
    const end = nextSpace(text, p);
    header.push(text.slice(p, end));
    p = end + 1;
  }
  if (header.length < 5) {
    // Truncated header: keep everything after the version as the message.
    const { parts, warnings } = builder.finish();
    return {
      format: 'syslog5424',
      time: null,
      level,
      host: null,
      service: null,
      message: text.slice(pos),
      fields: parts.fields,
      warnings,
    };
  }
  const [stamp, hostname, appName, procId, msgId] = header as [string, string, string, string, string];
  if (procId !== NIL) builder.add('pid', procId);
  if (msgId !== NIL) builder.add('msgid', msgId);
  let messageStart = Math.min(p, text.length);
  if (text.charCodeAt(messageStart) === 91 /* [ */) {
    messageStart = readStructuredData(text, messageStart, builder);
  } else if (text.startsWith(NIL, messageStart)) {
    messageStart += 1;
  }
  if (text.charCodeAt(messageStart) === 32) messageStart++;
  let message = text.slice(messageStart);
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1); // RFC 5424 MSG may start with a BOM
  const { parts, warnings } = builder.finish();
  return {
    format: 'syslog5424',
    time: stamp === NIL ? null : timeFromValue(stamp),
    level,
    host: hostname === NIL ? null : hostname,
    service: appName === NIL ? null : appName,
    message,
    fields: parts.fields,
    warnings,
  };
}

/** `[id k="v" k2="v\"2"][id2 …]` → fields `id.k`; returns the index after the last element. */
function readStructuredData(text: string, start: number, builder: StructuredBuilder): number {
  let p = start;
  while (text.charCodeAt(p) === 91) {
    const idEnd = Math.min(nextSpace(text, p), indexOrEnd(text, ']', p));
    const id = text.slice(p + 1, idEnd);
    p = idEnd;
    while (p < text.length && text.charCodeAt(p) !== 93 /* ] */) {
      if (text.charCodeAt(p) === 32) {
        p++;
        continue;
      }
      const eq = text.indexOf('="', p);
      if (eq < 0) return text.length;
      const name = text.slice(p, eq);
      const { value, end } = readParamValue(text, eq + 2);
      builder.add(`${id}.${name}`, value);
      p = end;
    }
    p++; // past ']'
  }
  return Math.min(p, text.length);
}

/** A PARAM-VALUE after its opening quote (`\"`, `\\`, `\]` escaped); returns the index after the closing quote. */
function readParamValue(text: string, start: number): { value: string; end: number } {
  let value = '';
  let from = start;
  for (let q = start; q < text.length; q++) {
    const c = text.charCodeAt(q);
    if (c === 34) return { value: value + text.slice(from, q), end: q + 1 };
    if (c === 92 && q + 1 < text.length) {
      value += text.slice(from, q);
      from = q + 1; // keep the escaped character, drop the backslash
      q++;
    }
  }
  return { value: value + text.slice(from), end: text.length };
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const i = text.indexOf(needle, from);
  return i < 0 ? text.length : i;
}

/** `TAG[PID]:` or `TAG:` followed by a space or the end. */
const TAG = /([^\s[\]:]{1,64})(?:\[([^\]\s]{1,32})\])?:(?= |$)/y;

export interface BsdTail {
  host: string | null;
  tag: string | null;
  pid: string | null;
  messageStart: number;
}

/**
 * `TAG[PID]` with no colon: rsyslog's default omkafka template writes a message that arrived as
 * RFC 5424 this way (`vm systemd[1] Started …`, APP-NAME and PROCID). Tried only after an RFC 3339
 * time, and only with a PID, so that prose is not taken for a tag.
 */
const TAG_NO_COLON = /([^\s[\]:]{1,64})\[([^\]\s]{1,32})\](?= |$)/y;

function matchTag(text: string, pos: number, colonless = false): RegExpExecArray | null {
  TAG.lastIndex = pos;
  const tag = TAG.exec(text);
  if (tag !== null || !colonless) return tag;
  TAG_NO_COLON.lastIndex = pos;
  return TAG_NO_COLON.exec(text);
}

/**
 * After a BSD timestamp: `HOST TAG[PID]: MSG`, or `TAG: MSG` without a host. When no tag is
 * recognizable, the host is not guessed and everything stays in the message.
 */
export function parseBsdTail(text: string, pos: number, colonlessTag = false): BsdTail {
  let p = pos;
  while (text.charCodeAt(p) === 32) p++;
  const first = matchTag(text, p);
  if (first !== null) {
    return {
      host: null,
      tag: first[1]!,
      pid: first[2] ?? null,
      messageStart: skipSpace(text, p + first[0].length),
    };
  }
  const hostEnd = nextSpace(text, p);
  if (hostEnd - p > 0 && hostEnd - p <= 255) {
    const tag = matchTag(text, hostEnd + 1, colonlessTag);
    if (tag !== null) {
      return {
        host: text.slice(p, hostEnd),
        tag: tag[1]!,
        pid: tag[2] ?? null,
        messageStart: skipSpace(text, hostEnd + 1 + tag[0].length),
      };
    }
  }
  return { host: null, tag: null, pid: null, messageStart: p };
}

function skipSpace(text: string, p: number): number {
  return text.charCodeAt(p) === 32 ? p + 1 : p;
}
