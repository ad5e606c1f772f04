/**
 * Line templates of the incident catalogue and the calm traffic: text with `{name}` placeholders,
 * compiled once into parts and rendered many times.
 *
 * A placeholder names either a variable of the incident (`vars:` in the YAML: drawn again for every
 * line, or once per incident when `fixed: true`) or a built-in clock format of the line's virtual
 * time (`{ts.iso}`, `{ts.syslog}`, ...: see TIME_FORMATS). `{{` and `}}` are literal braces, so a
 * JSON line is written as `{{"level":"error","msg":"{msg}"}}`.
 */
import type { Random } from '../../../core/ingest/demo-random';

/** How a variable is drawn. Exactly one generator key per variable. */
export interface VarSpec {
  /** Integer in [min, max]. */
  int?: [number, number];
  /** Decimal in [min, max) with `digits` decimals (default 3). */
  num?: [number, number];
  digits?: number;
  /** One of the values. */
  pick?: Array<string | number>;
  /** An IPv4 address under this prefix (1 to 3 octets), the rest drawn. */
  ip?: string;
  /** So many random lowercase hex digits. */
  hex?: number;
  /** start, start+step, ... one per line (e.g. the ports of a scan). */
  seq?: [number, number];
  /** Drawn once per incident instead of once per line. */
  fixed?: boolean;
}

export const GENERATOR_KEYS = ['int', 'num', 'pick', 'ip', 'hex', 'seq'] as const;

type Part = string | { name: string };

export interface CompiledTemplate {
  source: string;
  parts: Part[];
  names: string[];
}

/** Splits a template into literal text and placeholders; throws on an unbalanced brace. */
export function compileTemplate(source: string): CompiledTemplate {
  const parts: Part[] = [];
  const names: string[] = [];
  let literal = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '{' && source[i + 1] === '{') {
      literal += '{';
      i++;
    } else if (c === '}' && source[i + 1] === '}') {
      literal += '}';
      i++;
    } else if (c === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) throw new Error(`unclosed "{" at ${i} in: ${source}`);
      const name = source.slice(i + 1, end);
      if (!/^[a-z][a-z0-9_.]*$/i.test(name)) throw new Error(`bad placeholder "{${name}}" in: ${source}`);
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ name });
      names.push(name);
      i = end;
    } else if (c === '}') {
      throw new Error(`lone "}" at ${i} in: ${source} (write "}}" for a literal brace)`);
    } else literal += c;
  }
  if (literal) parts.push(literal);
  return { source, parts, names };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const p2 = (n: number): string => String(n).padStart(2, '0');
const p3 = (n: number): string => String(n).padStart(3, '0');

function hms(d: Date): string {
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
function ymd(d: Date, sep: string): string {
  return `${d.getUTCFullYear()}${sep}${p2(d.getUTCMonth() + 1)}${sep}${p2(d.getUTCDate())}`;
}

/** Clock formats by name, as the software writes them (all in UTC). */
export const TIME_FORMATS: Readonly<Record<string, (ms: number) => string>> = {
  /** RFC 3339 with milliseconds: JSON loggers, ECS `@timestamp`, slog, pino's isoTime. */
  'ts.iso': (ms) => new Date(ms).toISOString(),
  /** BSD syslog (RFC 3164): `Jan  5 08:00:01`. */
  'ts.syslog': (ms) => {
    const d = new Date(ms);
    return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`;
  },
  /** Common Log Format: `05/Jan/2026:08:00:01 +0000` (nginx $time_local, Apache %t). */
  'ts.clf': (ms) => {
    const d = new Date(ms);
    return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)} +0000`;
  },
  /** nginx error log and Go's log package: `2026/01/05 08:00:01`. */
  'ts.slash': (ms) => {
    const d = new Date(ms);
    return `${ymd(d, '/')} ${hms(d)}`;
  },
  /** PostgreSQL log_line_prefix %m: `2026-01-05 08:00:01.123 UTC`. */
  'ts.pg': (ms) => {
    const d = new Date(ms);
    return `${ymd(d, '-')} ${hms(d)}.${p3(d.getUTCMilliseconds())} UTC`;
  },
  /** Log4j/Logback ISO8601 pattern: `2026-01-05 08:00:01,123`. */
  'ts.log4j': (ms) => {
    const d = new Date(ms);
    return `${ymd(d, '-')} ${hms(d)},${p3(d.getUTCMilliseconds())}`;
  },
  /** Spring Boot's default console pattern and Python logging with msecs: `2026-01-05 08:00:01.123`. */
  'ts.dot': (ms) => {
    const d = new Date(ms);
    return `${ymd(d, '-')} ${hms(d)}.${p3(d.getUTCMilliseconds())}`;
  },
  /** MySQL 8 error log: `2026-01-05T08:00:01.123456Z`. */
  'ts.micro': (ms) => new Date(ms).toISOString().replace('Z', '000Z'),
  /** klog header after the level letter: `0105 08:00:01.123456`. */
  'ts.klog': (ms) => {
    const d = new Date(ms);
    return `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${hms(d)}.${p3(d.getUTCMilliseconds())}000`;
  },
  /** Redis: `05 Jan 2026 08:00:01.123`. */
  'ts.redis': (ms) => {
    const d = new Date(ms);
    return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms(d)}.${p3(d.getUTCMilliseconds())}`;
  },
  /** Apache httpd 2.4 error log: `Mon Jan 05 08:00:01.123456 2026`. */
  'ts.apache': (ms) => {
    const d = new Date(ms);
    return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${hms(d)}.${p3(d.getUTCMilliseconds())}000 ${d.getUTCFullYear()}`;
  },
  /** Epoch seconds with a fraction (HAProxy/structlog/zap `ts`): `1767600001.123`. */
  'ts.epoch': (ms) => (ms / 1000).toFixed(3),
  /** Epoch milliseconds (pino `time`). */
  'ts.epochms': (ms) => String(Math.round(ms)),
  /** Kafka/Zookeeper log4j layout `[2026-01-05 08:00:01,123]` without brackets is ts.log4j. */
  'ts.kernel': (ms) => ((ms % 86_400_000) / 1000).toFixed(6).padStart(12, ' '),
};

function drawIp(prefix: string, random: Random): string {
  const octets = prefix.split('.').filter((o) => o.length > 0);
  while (octets.length < 4) octets.push(String(1 + random.int(254)));
  return octets.join('.');
}

/** Draws one value of a variable; `index` is the line number within the incident (for `seq`). */
export function drawVar(spec: VarSpec, random: Random, index: number): string {
  if (spec.int) return String(spec.int[0] + random.int(spec.int[1] - spec.int[0] + 1));
  if (spec.num) return random.between(spec.num[0], spec.num[1]).toFixed(spec.digits ?? 3);
  if (spec.pick) return String(spec.pick[random.int(spec.pick.length)]);
  if (spec.ip !== undefined) return drawIp(spec.ip, random);
  if (spec.hex !== undefined) {
    let s = '';
    for (let i = 0; i < spec.hex; i++) s += '0123456789abcdef'[random.int(16)];
    return s;
  }
  if (spec.seq) return String(spec.seq[0] + index * spec.seq[1]);
  throw new Error('variable without a generator');
}

/** Renders a compiled template with variable values (drawn lazily) and the line's time. */
export function render(
  template: CompiledTemplate,
  value: (name: string) => string | undefined,
  timeMs: number,
): string {
  let out = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const clock = TIME_FORMATS[part.name];
    const v = clock ? clock(timeMs) : value(part.name);
    if (v === undefined) throw new Error(`no value for {${part.name}} in: ${template.source}`);
    out += v;
  }
  return out;
}
