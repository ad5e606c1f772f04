/**
 * The open vocabularies of the history (topic, service, host, template, producer) are stored as
 * codes into one dictionary table, `dict`, not as text in every row: DuckDB stores and loads an
 * integer for far less than a repeated string (with the closed vocabularies as codes too, schema.ts:
 * ~0.8 µs a log less for DuckDB, ~30 % of the history's thread, docs/history.md).
 *
 * The history's thread owns the one `ValueDictionary`: it gives each new value the next code of its
 * column as it makes a batch's CSV, appends the new entries to `dict-incoming.csv` before the rows
 * that use them, and each load inserts the staged entries in the transaction of its rows. Searches
 * run on the same thread and turn codes back into text with it; filters become codes before DuckDB
 * sees them. At open, entries a stop left staged load first (store.ts), then the table is read back.
 */

import { readCsvSql } from './batch-csv';

/** The dictionary's table: a value per column and code. */
export const DICT_TABLE = 'dict';

export const CREATE_DICT = `CREATE TABLE IF NOT EXISTS ${DICT_TABLE} (
  col UTINYINT NOT NULL,
  code INTEGER NOT NULL,
  value VARCHAR NOT NULL
)`;

/** The coded open-vocabulary columns of the logs table; a column's id is its index here (stored). */
export const DICT_COLUMNS = ['topic', 'service', 'host', 'template_id', 'producer'] as const;
export type DictColumn = (typeof DICT_COLUMNS)[number];

/** A column's id in the dictionary (stored in `dict.col`). */
export const dictId = (column: DictColumn): number => DICT_COLUMNS.indexOf(column);

/**
 * Codes per column at most. Past it a new value is stored as null and counted (`overflow`): no real
 * fleet has a million hosts or services, and the miner merges templates long before (memory: ~100 B
 * an entry).
 */
export const MAX_CODES = 1_000_000;

/** A value as its quoted CSV field (`"` doubled; NUL, which DuckDB's CSV reader refuses, as U+FFFD). */
export function quoteCsv(value: string): string {
  let v = value;
  if (v.includes('"')) v = v.replace(/"/g, '""');
  if (v.includes('\u0000')) v = v.replace(/\u0000/g, '\uFFFD'); // eslint-disable-line no-control-regex
  return `"${v}"`;
}

export class ValueDictionary {
  private readonly values: string[][] = DICT_COLUMNS.map(() => []);
  private readonly codes: Map<string, number>[] = DICT_COLUMNS.map(() => new Map<string, number>());
  /** Entries given since the last `takeNew`, as CSV lines (col, code, value). */
  private added: string[] = [];
  /** Values met (once per batch each) and stored as null because their column had `maxCodes` codes. */
  overflow = 0;

  constructor(private readonly maxCodes = MAX_CODES) {}

  /** An entry read back from the table (at open). */
  restore(col: number, code: number, value: string): void {
    const values = this.values[col];
    if (values === undefined || code < 0) return;
    values[code] = value;
    this.codes[col]!.set(value, code);
  }

  /** The code of a value, given now if it has none (staged by `takeNew`); null past the cap. */
  codeFor(col: number, value: string): number | null {
    const known = this.codes[col]!.get(value);
    if (known !== undefined) return known;
    const values = this.values[col]!;
    if (values.length >= this.maxCodes) {
      this.overflow++;
      return null;
    }
    const code = values.length;
    values.push(value);
    this.codes[col]!.set(value, code);
    this.added.push(`${col},${code},${quoteCsv(value)}\n`);
    return code;
  }

  /** The code a search looks for: −1 (matches nothing) for a value never stored. */
  find(col: number, value: string): number {
    return this.codes[col]!.get(value) ?? -1;
  }

  /** A stored code as its value (null: a null, or a code whose entry was lost). */
  value(col: number, code: unknown): string | null {
    if (code === null || code === undefined) return null;
    return this.values[col]![Number(code)] ?? null;
  }

  /** The entries given since the last call, as CSV text for `dictInsertSql` ('' when none). */
  takeNew(): string {
    if (this.added.length === 0) return '';
    const text = this.added.join('');
    this.added = [];
    return text;
  }

  /** Entries `takeNew` gave that could not be written: they go with the next ones. */
  requeue(text: string): void {
    this.added.unshift(text);
  }

  size(): number {
    return this.values.reduce((n, v) => n + v.length, 0);
  }
}

/**
 * The INSERT that loads staged dictionary entries (files of `takeNew` text), skipping those the
 * table has (a file loaded before a stop could delete it). `skipBad`: a torn last line is skipped.
 */
export function dictInsertSql(paths: readonly string[], skipBad = false): string {
  return `INSERT INTO ${DICT_TABLE}
SELECT s.col, s.code, s.value
FROM ${readCsvSql(paths, "{'col': 'UTINYINT', 'code': 'INTEGER', 'value': 'VARCHAR'}", skipBad)} AS s
WHERE NOT EXISTS (SELECT 1 FROM ${DICT_TABLE} AS d WHERE d.col = s.col AND d.code = s.code)`;
}
