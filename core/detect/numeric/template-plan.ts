/**
 * Which `<*>` of a template carry a number with a known meaning, decided once per template (the
 * per-log work is then a number parse at those positions only).
 *
 * A position counts when:
 *  - it is the value of a key in the fields table (`rt=<*>`, `duration: <*>`, `# Query_time: <*>`),
 *  - or its value (in the log that created the plan) is a number with a time unit (`in 340 ms`,
 *    `3.456ms`) or a `%` (`CPU usage 97%`), and no nearby word says it is a setting rather than a
 *    measurement (`retrying in 5s`, `timeout=30s`, `every 10s`, `5s ago`),
 *  - or it is the status after the quoted request of an access log (`"GET /x HTTP/1.1" 503 0`), or
 *    a 100-599 number after the word `status` (`returned status 503`).
 * A duration's kind (request, query, gc, other) and a percentage's resource (cpu, memory, disk)
 * come from the table or from the template's words.
 */
import { VAR } from '../../patterns/placeholder';
import type { DurationKind, FieldMeaning, NumericTables, Resource, Threshold } from './tables';
import { hasTimeUnit, parseHttpStatus, parsePercent } from './units';

export interface PlanPosition {
  /** Index in `analysis.params`. */
  index: number;
  meaning: FieldMeaning['meaning'];
  /** Durations: seconds per unit of a bare number (null: the value must carry its unit). */
  secondsPerUnit: number | null;
  kind: DurationKind;
  scale: 'percent' | 'ratio';
  /** Free text is a percentage only with its `%` sign. */
  requireSign: boolean;
  /** The percentage is of what is free (`5% free`, `available: 3%`): used = 100 − value. */
  free: boolean;
  resource: Resource | null;
  /** How the position is named in keys and messages (the key, or the word before it). */
  label: string;
  thresholds: readonly Threshold[];
}

export interface TemplatePlan {
  templateId: string;
  template: string;
  positions: readonly PlanPosition[];
  /** Kind of the template's durations by its words (null: none), for structured fields too. */
  kind: DurationKind | null;
  resource: Resource | null;
}

/** Words that make a duration or percentage a setting, not a measurement. */
const SETTING_WORDS = new Set([
  'retry', 'retrying', 'retries', 'backoff', 'every', 'interval', 'sleep', 'sleeping', 'wait', 'waiting',
  'timeout', 'ttl', 'expire', 'expires', 'uptime', 'up', 'ago', 'delay', 'delaying', 'period', 'deadline',
  'idle', 'keepalive', 'max', 'limit', 'threshold', 'target', 'running', 'scheduled', 'cron', 'next', 'watermark',
]); // prettier-ignore

const GC_WORDS = ['gc', 'pause'];
// Not SQL verbs: "update" and "delete" are everyday words (macOS: "SafeBrowsing.Update").
const QUERY_WORDS = ['statement', 'query', 'sql', 'query_time'];
const REQUEST_WORDS = ['request', 'requests', 'get', 'post', 'put', 'patch', 'http', 'upstream', 'response'];
const CPU_WORDS = ['cpu', 'processor', 'load'];
const MEMORY_WORDS = ['memory', 'mem', 'heap', 'ram', 'swap'];
const DISK_WORDS = ['disk', 'filesystem', 'volume', 'partition', 'inode', 'inodes', 'fs', 'space', 'storage'];
const HTTP_METHODS = new Set([
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  VAR,
]);

function wordsOf(template: string): Set<string> {
  return new Set(
    template
      .toLowerCase()
      .split(/[^a-z_]+/)
      .filter((w) => w.length > 0),
  );
}

function anyOf(words: Set<string>, list: readonly string[]): boolean {
  return list.some((w) => words.has(w));
}

export function kindOfWords(words: Set<string>): DurationKind | null {
  if (anyOf(words, GC_WORDS)) return 'gc';
  if (anyOf(words, QUERY_WORDS)) return 'query';
  if (anyOf(words, REQUEST_WORDS)) return 'request';
  return null;
}

function resourceOfWords(words: Set<string>): Resource | null {
  if (anyOf(words, DISK_WORDS)) return 'disk';
  if (anyOf(words, MEMORY_WORDS)) return 'memory';
  if (anyOf(words, CPU_WORDS)) return 'cpu';
  return null;
}

/** A token without surrounding punctuation: `(took` → `took`, `Query_time:` → `Query_time`. */
function bare(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && !/[\p{L}\p{N}_.-]/u.test(token[start]!)) start++;
  while (end > start && !/[\p{L}\p{N}_.-]/u.test(token[end - 1]!)) end--;
  return token.slice(start, end);
}

/** The key a placeholder is the value of (`rt=<*>`, `duration: <*>`), or null. */
function keyOf(tokens: readonly string[], t: number, before: string): string | null {
  const inToken = before.replace(/["']$/, '');
  if (inToken.endsWith('=') || inToken.endsWith(':')) {
    const key = bare(inToken.slice(0, -1));
    if (key.length > 0) return key;
  }
  if (bare(before).length > 0 || t === 0) return null;
  const prev = tokens[t - 1]!;
  if (prev.endsWith(':') || prev.endsWith('=')) {
    const key = bare(prev.slice(0, -1));
    return key.length > 0 ? key : null;
  }
  return null;
}

function isSetting(tokens: readonly string[], t: number, key: string | null): boolean {
  if (key !== null && SETTING_WORDS.has(key.toLowerCase())) return true;
  for (let k = Math.max(0, t - 3); k < t; k++)
    if (SETTING_WORDS.has(bare(tokens[k]!).toLowerCase())) return true;
  const next = tokens[t + 1];
  return next !== undefined && SETTING_WORDS.has(bare(next).toLowerCase());
}

/**
 * The bracketed prefix of a line (`[0.012s][info][gc]`, `[2024-01-01T10:00:00.000+0000]`): time
 * stamps and JVM uptime, not measurements.
 */
function isDecoration(tokens: readonly string[], t: number): boolean {
  if (t > 1) return false;
  const token = tokens[t]!;
  return token.startsWith('[') && (t === 0 || tokens[0]!.startsWith('['));
}

/** Words that make a percentage one of free space or idle time rather than of use. */
const FREE_WORDS = new Set(['free', 'available', 'avail', 'left', 'remaining', 'idle']);

function isFree(tokens: readonly string[], t: number, key: string | null): boolean {
  if (key !== null && FREE_WORDS.has(key.toLowerCase())) return true;
  for (let k = Math.max(0, t - 2); k <= Math.min(tokens.length - 1, t + 2); k++) {
    if (k !== t && FREE_WORDS.has(bare(tokens[k]!).toLowerCase())) return true;
  }
  return false;
}

/** The status right after the quoted request of an access log: `"GET <*> <*>" <*>`. */
function isAccessLogStatus(tokens: readonly string[], t: number): boolean {
  if (t < 2 || tokens[t] !== VAR || !tokens[t - 1]!.endsWith('"')) return false;
  for (let k = t - 1; k >= Math.max(0, t - 4); k--) {
    const token = tokens[k]!;
    if (token.startsWith('"') && HTTP_METHODS.has(token.slice(1))) return true;
  }
  return false;
}

function position(
  index: number,
  label: string,
  meaning: FieldMeaning['meaning'],
  rest: Partial<PlanPosition>,
): PlanPosition {
  return {
    index,
    label,
    meaning,
    secondsPerUnit: null,
    kind: 'other',
    scale: 'percent',
    requireSign: true,
    free: false,
    resource: null,
    thresholds: [],
    ...rest,
  };
}

export function thresholdsFor(tables: NumericTables, kind: DurationKind): Threshold[] {
  return tables.thresholds.filter((t) => t.kinds.includes(kind));
}

/** The plan for one template, from its text and the parameters of the log that made it. */
export function planTemplate(
  tables: NumericTables,
  templateId: string,
  template: string,
  params: readonly string[],
): TemplatePlan {
  const words = wordsOf(template);
  const templateKind = kindOfWords(words);
  const templateResource = resourceOfWords(words);
  const tokens = template.split(' ');
  const positions: PlanPosition[] = [];
  let index = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (!token.includes(VAR)) continue;
    const pieces = token.split(VAR);
    if (isDecoration(tokens, t)) {
      index += pieces.length - 1;
      continue;
    }
    for (let j = 0; j < pieces.length - 1; j++, index++) {
      const sample = params[index];
      if (sample === undefined) continue;
      const key = keyOf(tokens, t, pieces[j]!);
      const known = key === null ? undefined : tables.fields.get(key.toLowerCase());
      const before = t > 0 ? bare(tokens[t - 1]!) : '';
      const label = key ?? (pieces[j] === '' && before !== '' ? `${before} ${VAR}` : `value #${index + 1}`);
      if (known !== undefined && key !== null) {
        if (known.meaning === 'duration') {
          const kind = known.kind === 'other' ? (templateKind ?? 'other') : known.kind;
          positions.push(
            position(index, key, 'duration', {
              secondsPerUnit: known.secondsPerUnit,
              kind,
              thresholds: thresholdsFor(tables, kind),
            }),
          );
        } else if (known.meaning === 'http_status') {
          positions.push(position(index, key, 'http_status', {}));
        } else {
          positions.push(
            position(index, key, 'percent', {
              scale: known.scale,
              requireSign: false,
              resource: known.resource,
            }),
          );
        }
        continue;
      }
      const statusWord = pieces[j] === '' && /^status(?:code)?$/i.test(before);
      if ((statusWord || isAccessLogStatus(tokens, t)) && j === 0 && !Number.isNaN(parseHttpStatus(sample))) {
        positions.push(position(index, 'status', 'http_status', {}));
        continue;
      }
      if (isSetting(tokens, t, key)) continue;
      if (hasTimeUnit(sample)) {
        const kind = templateKind ?? 'other';
        positions.push(
          position(index, label, 'duration', {
            kind,
            thresholds: thresholdsFor(tables, kind),
          }),
        );
      } else if (templateResource !== null && !Number.isNaN(parsePercent(sample, 'percent', true))) {
        positions.push(
          position(index, label, 'percent', { resource: templateResource, free: isFree(tokens, t, key) }),
        );
      }
    }
  }
  return { templateId, template, positions, kind: templateKind, resource: templateResource };
}
