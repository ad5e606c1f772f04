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
import { dictId, type ValueDictionary } from './dictionary';
import { valueOf } from './schema';

/** The columns a search reads, in the order `toHistoryLog` expects (the offset as text). */
export const LOG_COLUMNS =
  't, topic, part, CAST(off_num AS VARCHAR) AS off, service, host, level, message, template_id, severity, category, format, producer, alert_id';

/** The dictionary's column ids (dictionary.ts) of the coded open vocabularies. */
const [TOPIC, SERVICE, HOST, TEMPLATE, PRODUCER] = [
  dictId('topic'),
  dictId('service'),
  dictId('host'),
  dictId('template_id'),
  dictId('producer'),
];

const oneOf = <T extends string>(values: readonly T[], value: unknown, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

type Cell = unknown;

/** DuckDB hands VARCHAR as string, BIGINT as bigint, INTEGER as number. */
const text = (v: Cell): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null;

/**
 * Level, severity, category and format are stored as codes of their lists (schema.ts), topic,
 * service, host, template and producer as codes of the dictionary (dictionary.ts).
 */
export function toHistoryLog(row: readonly Cell[], dictionary: ValueDictionary): HistoryLog {
  const level = valueOf('level', row[6]);
  return {
    time: Number(row[0]),
    topic: dictionary.value(TOPIC, row[1]) ?? '',
    partition: Number(row[2]),
    offset: text(row[3]) ?? '',
    service: dictionary.value(SERVICE, row[4]),
    host: dictionary.value(HOST, row[5]),
    level: level === null ? null : oneOf<LogLevel>(LOG_LEVELS, level, 'info'),
    message: text(row[7]) ?? '',
    templateId: dictionary.value(TEMPLATE, row[8]) ?? '',
    severity: oneOf<Severity>(SEVERITIES, valueOf('severity', row[9]), 'info'),
    category: oneOf<Category>(CATEGORIES, valueOf('category', row[10]), 'normal'),
    format: oneOf<LogFormat>(LOG_FORMATS, valueOf('format', row[11]), 'plain'),
    producer: dictionary.value(PRODUCER, row[12]),
    alertId: text(row[13]),
  };
}
