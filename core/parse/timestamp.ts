/**
 * Timestamps as logs write them → epoch milliseconds. Zone-less times are read as UTC (servers
 * mostly log in UTC, and the desktop's own zone says nothing about the producer's). Year-less
 * times (BSD syslog, Android, Proxifier) take the year of the Kafka timestamp, or the year before
 * when that would put them more than two days in the future (December logs read in January).
 * Implausible results (before 1990 or after 2200) are treated as "no timestamp".
 */

const MIN_PLAUSIBLE_MS = Date.UTC(1990, 0, 1);
const MAX_PLAUSIBLE_MS = Date.UTC(2200, 0, 1);
const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

export interface TimestampMatch {
  time: number;
  /** Index just past the timestamp (past the closing `]` when it was bracketed). */
  end: number;
}

function plausible(ms: number): number | null {
  return Number.isFinite(ms) && ms >= MIN_PLAUSIBLE_MS && ms < MAX_PLAUSIBLE_MS ? ms : null;
}

/** Digits of a second's fraction (`5`, `123`, `123456789`) → whole ms: the first three, right-padded. */
function fractionToMs(fraction: string | undefined): number {
  if (fraction === undefined || fraction.length === 0) return 0;
  // Arithmetic on the (regex-checked) digits instead of `Number((f + '00').slice(0, 3))`: no strings.
  const digit = (i: number) => (i < fraction.length ? fraction.charCodeAt(i) - 48 : 0);
  return digit(0) * 100 + digit(1) * 10 + digit(2);
}

/** `Z`, `+02:00`, `-0530`, `+02` → minutes east of UTC; undefined → 0. */
function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === '' || zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length >= 4 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  zoneMinutes: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  // Date.UTC(y, m, d, h, mi, s, ms) is exactly the day's start plus the time of day; only the day
  // part needs the calendar, and consecutive lines nearly always share it.
  const time = hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  return plausible(utcDayStart(year, month, day) + time - zoneMinutes * 60_000);
}

let lastDayKey = NaN;
let lastDayStart = 0;
/** Date.UTC of a calendar day (month 1–12, day 1–31), remembered for the last day asked. */
function utcDayStart(year: number, month: number, day: number): number {
  const key = (year * 16 + month) * 32 + day;
  if (key !== lastDayKey) {
    lastDayStart = Date.UTC(year, month - 1, day);
    lastDayKey = key;
  }
  return lastDayStart;
}

/**
 * The UTC year of an epoch, remembered for the last one asked: a batch shares one Kafka timestamp,
 * and a `Date` per year-less line was a measurable share of the parse.
 */
let lastYearEpoch = NaN;
let lastYear = 0;
function utcYear(epoch: number): number {
  if (epoch !== lastYearEpoch) {
    lastYear = new Date(epoch).getUTCFullYear();
    lastYearEpoch = epoch;
  }
  return lastYear;
}

/** The same calendar time in the year of `reference`, or the year before if it would lie ahead. */
function withInferredYear(
  reference: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number | null {
  // kafkajs reports -1 for messages without a timestamp: then the wall clock is the reference.
  const anchor = plausible(reference) ?? Date.now();
  const year = utcYear(anchor);
  const sameYear = utc(year, month, day, hour, minute, second, ms, 0);
  if (sameYear !== null && sameYear > anchor + TWO_DAYS_MS)
    return utc(year - 1, month, day, hour, minute, second, ms, 0);
  return sameYear;
}

/** Epoch number in s, ms, µs or ns (judged by magnitude) → ms. */
export function epochToMs(value: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  // Whole milliseconds: `1714557600.123 * 1000` is 1714557600123.0002 in floating point.
  if (value < 1e11) return plausible(Math.round(value * 1000));
  if (value < 1e14) return plausible(Math.round(value));
  if (value < 1e17) return plausible(Math.round(value / 1e3));
  return plausible(Math.round(value / 1e6));
}

const ISO_FULL =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC = /^\d{9,19}(?:\.\d+)?$/;

/** The digits at `start`…`start + count` as a number, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `Date.prototype.toISOString`'s exact shape (`2024-05-01T10:00:00.123Z`), what most JSON loggers
 * write, read with char arithmetic instead of ISO_FULL and seven `Number` calls. Undefined when the
 * value has any other shape (the general path then reads it, to the same result).
 */
function fromToIsoStringShape(value: string): number | null | undefined {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 /* - */ ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 /* T */ ||
    value.charCodeAt(13) !== 58 /* : */ ||
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 /* . */ ||
    value.charCodeAt(23) !== 90 /* Z */
  ) {
    return undefined;
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  const ms = digitsAt(value, 20, 3);
  if ((year | month | day | hour | minute | second | ms) < 0) return undefined;
  return utc(year, month, day, hour, minute, second, ms, 0);
}

/** A timestamp value of a structured log (ISO 8601 string, epoch number or numeric string) → ms. */
export function timeFromValue(value: unknown): number | null {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string' || value.length > 40) return null;
  const common = fromToIsoStringShape(value);
  if (common !== undefined) return common;
  const iso = ISO_FULL.exec(value);
  if (iso !== null) {
    return utc(
      Number(iso[1]),
      Number(iso[2]),
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      fractionToMs(iso[7]),
      zoneOffsetMinutes(iso[8]),
    );
  }
  if (NUMERIC.test(value)) return epochToMs(Number(value));
  // Anything else a producer might write (RFC 2822, `Tue, 03 Jun 2008 11:05:30 GMT`): let the
  // engine's Date parser try, but only for values that name a zone, so a local-time reading never
  // sneaks in.
  if (/(?:GMT|UTC|[+-]\d{4})$/.test(value)) return plausible(Date.parse(value));
  return null;
}

// Leading timestamps of plain-text lines. All sticky (`y`) so they match at an offset without
// slicing; each is anchored and linear, so an enormous token costs nothing extra.
const ISO_LEAD = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/y;
const SLASH_YMD_LEAD = /(\d{4})\/(\d{2})\/(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/y;
const SHORT_YMD_LEAD = /(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?/y; // Spark 17/06/09
const COMPACT_LEAD = /(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})(?= )/y; // HDFS 081109 203615
const HEALTHAPP_LEAD = /(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2})(?::(\d{1,3}))?/y; // 20171223-22:15:29:606
const MONTH_DAY_LEAD = /(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/y; // Android 03-17 16:13:38.811
const DOTTED_MONTH_DAY_LEAD = /(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})/y; // Proxifier 10.30 16:49:06
const EPOCH_LEAD = /(\d{10}|\d{13})(?:\.(\d{1,6}))?(?= |$)/y; // BGL 1117838570
const BSD_LEAD =
  /(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/y;
const CTIME_LEAD =
  /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})/y;

function run(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** Group `group` of a match whose groups are `\d` runs, as a number (cheaper than `Number`). */
function groupValue(m: RegExpExecArray, group: number): number {
  const digits = m[group]!;
  let n = 0;
  for (let i = 0; i < digits.length; i++) n = n * 10 + digits.charCodeAt(i) - 48;
  return n;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Year, month, day, hour, minute, second in groups 1–6 and the fraction in group 7. */
function ymdHms(m: RegExpExecArray, century: number, zoneMinutes: number): number | null {
  // Indexed reads, not array destructuring: destructuring runs the iterator protocol per match.
  return utc(
    century + groupValue(m, 1),
    groupValue(m, 2),
    groupValue(m, 3),
    groupValue(m, 4),
    groupValue(m, 5),
    groupValue(m, 6),
    fractionToMs(m[7]),
    zoneMinutes,
  );
}

/** Month, day, hour, minute, second in groups 1–5 and the fraction in group 6; the year inferred. */
function mdHms(m: RegExpExecArray, reference: number): number | null {
  return withInferredYear(
    reference,
    groupValue(m, 1),
    groupValue(m, 2),
    groupValue(m, 3),
    groupValue(m, 4),
    groupValue(m, 5),
    fractionToMs(m[6]),
  );
}

/**
 * Numeric leading formats, tried in order. Each is tried only when the character at `offset` from
 * the start is `char` (the separator that tells the formats apart), so a line costs a few char reads
 * before any expression runs.
 */
const NUMERIC_LEADS: {
  offset: number;
  char: number;
  re: RegExp;
  time: (m: RegExpExecArray, reference: number) => number | null;
}[] = [
  { offset: 4, char: 45 /* - */, re: ISO_LEAD, time: (m) => ymdHms(m, 0, zoneOffsetMinutes(m[8])) },
  { offset: 4, char: 47 /* / */, re: SLASH_YMD_LEAD, time: (m) => ymdHms(m, 0, 0) },
  { offset: 2, char: 47 /* / */, re: SHORT_YMD_LEAD, time: (m) => ymdHms(m, 2000, 0) },
  { offset: 2, char: 45 /* - */, re: MONTH_DAY_LEAD, time: mdHms },
  { offset: 2, char: 46 /* . */, re: DOTTED_MONTH_DAY_LEAD, time: mdHms },
  { offset: 6, char: 32 /* space */, re: COMPACT_LEAD, time: (m) => ymdHms(m, 2000, 0) },
  { offset: 8, char: 45 /* - */, re: HEALTHAPP_LEAD, time: (m) => ymdHms(m, 0, 0) },
];

function matchNumericLead(text: string, pos: number, reference: number): TimestampMatch | null {
  for (const format of NUMERIC_LEADS) {
    if (text.charCodeAt(pos + format.offset) !== format.char) continue;
    const m = run(format.re, text, pos);
    if (m === null) continue;
    const t = format.time(m, reference);
    return t === null ? null : { time: t, end: pos + m[0].length };
  }
  const m = isDigit(text.charCodeAt(pos + 9)) ? run(EPOCH_LEAD, text, pos) : null;
  if (m === null) return null;
  const seconds = Number(m[1]) / (m[1]!.length === 13 ? 1000 : 1);
  const t = plausible(seconds * 1000 + fractionToMs(m[2]));
  return t === null ? null : { time: t, end: pos + m[0].length };
}

function matchWordLead(text: string, pos: number, reference: number): TimestampMatch | null {
  // Both formats open with a three-letter name and a space: other capitalized lines (`INFO …`,
  // `ERROR: …`) are turned away without running either expression.
  if (text.charCodeAt(pos + 3) !== 32 /* space */) return null;
  let m = run(BSD_LEAD, text, pos);
  if (m !== null) {
    const t = withInferredYear(
      reference,
      MONTHS[m[1]!]!,
      groupValue(m, 2),
      groupValue(m, 3),
      groupValue(m, 4),
      groupValue(m, 5),
      fractionToMs(m[6]),
    );
    return t === null ? null : { time: t, end: pos + m[0].length };
  }
  m = run(CTIME_LEAD, text, pos);
  if (m !== null) {
    const t = utc(
      groupValue(m, 7),
      MONTHS[m[1]!]!,
      groupValue(m, 2),
      groupValue(m, 3),
      groupValue(m, 4),
      groupValue(m, 5),
      fractionToMs(m[6]),
      0,
    );
    return t === null ? null : { time: t, end: pos + m[0].length };
  }
  return null;
}

/**
 * A timestamp starting exactly at `pos`, in one of the common formats (ISO 8601 and its
 * `YYYY-MM-DD HH:MM:SS,mmm` variant, `YYYY/MM/DD`, `YY/MM/DD`, `YYMMDD HHMMSS`, `YYYYMMDD-H:M:S:ms`,
 * `MM-DD HH:MM:SS.mmm`, `MM.DD HH:MM:SS`, BSD `Mmm dd HH:MM:SS`, ctime `Www Mmm dd HH:MM:SS YYYY`,
 * epoch seconds or ms), optionally inside `[...]`. Dispatch is on fixed character positions, so a
 * line that starts with no timestamp costs a couple of char reads.
 */
export function matchLeadingTimestamp(text: string, pos: number, reference: number): TimestampMatch | null {
  if (text.charCodeAt(pos) === 91 /* [ */) {
    const inner = matchBareTimestamp(text, pos + 1, reference);
    if (inner === null || text.charCodeAt(inner.end) !== 93 /* ] */) return null;
    return { time: inner.time, end: inner.end + 1 };
  }
  return matchBareTimestamp(text, pos, reference);
}

function matchBareTimestamp(text: string, pos: number, reference: number): TimestampMatch | null {
  const first = text.charCodeAt(pos);
  if (isDigit(first)) return matchNumericLead(text, pos, reference);
  if (first >= 65 && first <= 90 /* A-Z */) return matchWordLead(text, pos, reference);
  return null;
}
