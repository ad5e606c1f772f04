/** Rows read back from the history table as the contract's `HistoryLog`. */
import {
  CATEGORIES,
  LOG_FORMATS,
  LOG_LEVELS,
  SEVERITIES,
  type Category,
  type HistoryLog,
  type LogFormat,
  type LogLevel,
  type Severity,
} from '../contract';

/** The columns a search reads, in the order `toHistoryLog` expects (the offset as text). */
export const LOG_COLUMNS =
  't, topic, part, CAST(off_num AS VARCHAR) AS off, service, host, level, message, template_id, severity, category, format, producer, alert_id';

const oneOf = <T extends string>(values: readonly T[], value: unknown, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

type Cell = unknown;

/** DuckDB hands VARCHAR as string, BIGINT as bigint, INTEGER as number. */
const text = (v: Cell): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null;

export function toHistoryLog(row: readonly Cell[]): HistoryLog {
  const level = text(row[6]);
  return {
    time: Number(row[0]),
    topic: text(row[1]) ?? '',
    partition: Number(row[2]),
    offset: text(row[3]) ?? '',
    service: text(row[4]),
    host: text(row[5]),
    level: level === null ? null : oneOf<LogLevel>(LOG_LEVELS, level, 'info'),
    message: text(row[7]) ?? '',
    templateId: text(row[8]) ?? '',
    severity: oneOf<Severity>(SEVERITIES, row[9], 'info'),
    category: oneOf<Category>(CATEGORIES, row[10], 'normal'),
    format: oneOf<LogFormat>(LOG_FORMATS, row[11], 'plain'),
    producer: text(row[12]),
    alertId: text(row[13]),
  };
}
