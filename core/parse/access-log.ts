/**
 * Text shapes of HTTP servers and proxies, read from a message body (a plain line, or the text
 * after a syslog header): the NCSA combined/common access log that nginx and Apache write by
 * default, and HAProxy's HTTP log format. Values go into ECS fields (docs/formats.md); the level
 * comes from the status (5xx error, 4xx warn, else info), as these logs carry none.
 * Tried only when the body opens with an address, so other lines pay a look at a few characters.
 */
import type { FieldValue, LogLevel } from '../contract';

export interface AccessParts {
  time: number | null;
  level: LogLevel;
  fields: Record<string, FieldValue>;
  producer: 'ncsa-access' | 'haproxy-http';
}

// nginx `log_format combined` / Apache `LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\""`,
// optionally followed by nginx's `$request_time` (seconds with millisecond resolution: `0.041`),
// the duration most nginx formats append to combined.
const NCSA =
  /^(\S{1,64}) (\S{1,64}) (\S{1,256}) \[([^\]]{10,40})\] "(?:([A-Z]{3,10}) ([^\s"]{1,8192})(?: (HTTP\/[\d.]{1,4}))?|[^"]{0,8192})" (\d{3}) (\d{1,15}|-)(?: "([^"]{0,4096})" "([^"]{0,4096})"(?: (\d{1,7}\.\d{3})(?= |$))?)?/;
// HAProxy `option httplog`: client:port [accept_date] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes … "request".
const HAPROXY =
  /^(\S{1,64}):(\d{1,5}) \[([^\]]{10,40})\] (\S{1,128}) (\S{1,256}) (-?\d+\/-?\d+\/-?\d+\/-?\d+\/\+?-?\d+) (\d{3}) (\+?\d{1,15}) .{0,512}?"(?:([A-Z]{3,10}) ([^\s"]{1,8192})(?: (HTTP\/[\d.]{1,4}))?|[^"]{0,8192})"?/;
const CLF_TIME =
  /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: ([+-])(\d{2})(\d{2}))?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `10/Oct/2000:13:55:36 -0700` (and HAProxy's `06/Feb/2009:12:14:14.655`) → epoch ms. */
export function clfTime(text: string): number | null {
  const m = CLF_TIME.exec(text);
  if (m === null) return null;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return null;
  const ms = m[7] === undefined ? 0 : Number((m[7] + '00').slice(0, 3));
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const t = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  return Number.isFinite(t) ? t - offset * 60_000 : null;
}

function levelOfStatus(status: number): LogLevel {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

function putUrl(
  fields: Record<string, FieldValue>,
  method?: string,
  target?: string,
  version?: string,
): void {
  if (method !== undefined) fields['http.request.method'] = method;
  if (target !== undefined) {
    fields['url.original'] = target;
    const q = target.indexOf('?');
    fields['url.path'] = q < 0 ? target : target.slice(0, q);
    if (q >= 0) fields['url.query'] = target.slice(q + 1);
  }
  if (version !== undefined) fields['http.version'] = version.slice(5);
}

/**
 * The first token is an IPv4 or IPv6 address (hex digits, `.` and `:`, with at least one of the
 * two separators): a look at a few characters that turns away nearly every other line.
 */
function startsWithAddress(text: string): boolean {
  let separator = false;
  for (let i = 0; i < 46 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) return separator && i > 1;
    if (c === 46 || c === 58) separator = true;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return false;
}

/** An access-log body (NCSA combined/common, HAProxy HTTP), or null. */
export function readAccessLog(text: string): AccessParts | null {
  if (text.length < 30 || !startsWithAddress(text) || text.indexOf('] ') < 0) return null;
  const ncsa = NCSA.exec(text);
  if (ncsa !== null) {
    const status = Number(ncsa[8]);
    const fields: Record<string, FieldValue> = { 'source.ip': ncsa[1]! };
    if (ncsa[3] !== '-') fields['user.name'] = ncsa[3]!;
    putUrl(fields, ncsa[5], ncsa[6], ncsa[7]);
    fields['http.response.status_code'] = status;
    fields['http.response.body.bytes'] = ncsa[9] === '-' ? 0 : Number(ncsa[9]);
    if (ncsa[10] !== undefined && ncsa[10] !== '-') fields['http.request.referrer'] = ncsa[10];
    if (ncsa[11] !== undefined && ncsa[11] !== '-') fields['user_agent.original'] = ncsa[11];
    if (ncsa[12] !== undefined) fields.request_time = Number(ncsa[12]);
    return { time: clfTime(ncsa[4]!), level: levelOfStatus(status), fields, producer: 'ncsa-access' };
  }
  const ha = HAPROXY.exec(text);
  if (ha !== null) {
    const status = Number(ha[7]);
    const fields: Record<string, FieldValue> = {
      'source.ip': ha[1]!,
      'source.port': Number(ha[2]),
      'haproxy.frontend_name': ha[4]!,
      'haproxy.backend_server': ha[5]!,
      'haproxy.timers': ha[6]!,
      // Ta, the total time of the request in ms (the producer's own key for a duration).
      ta: Number(ha[6]!.split('/')[4]!.replace('+', '')),
      'http.response.status_code': status,
      'http.response.body.bytes': Number(ha[8]!.replace('+', '')),
    };
    putUrl(fields, ha[9], ha[10], ha[11]);
    return { time: clfTime(ha[3]!), level: levelOfStatus(status), fields, producer: 'haproxy-http' };
  }
  return null;
}
