/**
 * The timestamp styles the demo writes (always UTC, the way the parser reads zone-less times).
 * Each formatter remembers its last input: a batch stamps hundreds of lines with the same `now`.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export type TimeFormatter = (ms: number) => string;

function memoized(format: TimeFormatter): TimeFormatter {
  let lastMs = NaN;
  let last = '';
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms;
      last = format(ms);
    }
    return last;
  };
}

function parts(ms: number) {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hh: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    millis: pad(d.getUTCMilliseconds(), 3),
  };
}

export const TIME_FORMATS = {
  /** 2024-05-01T10:00:00.123Z */
  iso: (): TimeFormatter => memoized((ms) => new Date(ms).toISOString()),
  /** May  1 10:00:00 (BSD syslog) */
  bsd: (): TimeFormatter =>
    memoized((ms) => {
      const p = parts(ms);
      return `${MONTHS[p.month]} ${String(p.day).padStart(2, ' ')} ${p.hh}:${p.mm}:${p.ss}`;
    }),
  /** 2024-05-01 10:00:00,123 (log4j, ZooKeeper) */
  log4j: (): TimeFormatter =>
    memoized((ms) => {
      const p = parts(ms);
      return `${p.year}-${pad(p.month + 1)}-${pad(p.day)} ${p.hh}:${p.mm}:${p.ss},${p.millis}`;
    }),
  /** 240501 100000 (HDFS) */
  compact: (): TimeFormatter =>
    memoized((ms) => {
      const p = parts(ms);
      return `${pad(p.year % 100)}${pad(p.month + 1)}${pad(p.day)} ${p.hh}${p.mm}${p.ss}`;
    }),
  /** [Wed May 01 10:00:00 2024] (Apache error log) */
  ctimeBracketed: (): TimeFormatter =>
    memoized((ms) => {
      const p = parts(ms);
      return `[${WEEKDAYS[p.weekday]} ${MONTHS[p.month]} ${pad(p.day)} ${p.hh}:${p.mm}:${p.ss} ${p.year}]`;
    }),
  /** [05.01 10:00:00] (Proxifier) */
  monthDayBracketed: (): TimeFormatter =>
    memoized((ms) => {
      const p = parts(ms);
      return `[${pad(p.month + 1)}.${pad(p.day)} ${p.hh}:${p.mm}:${p.ss}]`;
    }),
} as const;

export type TimeFormatName = keyof typeof TIME_FORMATS;
