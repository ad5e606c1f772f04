/**
 * What the history finds at open (issue 18): a table of an earlier build, converted to this build's
 * columns (schema.ts, dictionary.ts), and what a stop left staged, loaded.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { csvInsertSql } from './batch-csv';
import { DICT_COLUMNS, DICT_TABLE, dictInsertSql } from './dictionary';
import { CODED_COLUMNS, CODED_FALLBACK, codeOf, LEGACY_COLUMNS, TABLE, type CodedColumn } from './schema';
import { DICT_INCOMING, DICT_SEALED, INCOMING, LOADING, SEALED } from './thread-protocol';

/**
 * An earlier build's table becomes this one's (schema.ts): it loses the columns this build no longer
 * stores, and its coded columns' text becomes their codes (a value outside a list: its fallback).
 */
export async function migrateColumns(writer: DuckDBConnection): Promise<void> {
  const present = await writer.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${TABLE}'`,
  );
  const types = new Map(present.getRows().map((row) => [String(row[0]), String(row[1])]));
  for (const column of LEGACY_COLUMNS)
    if (types.has(column)) await writer.run(`ALTER TABLE ${TABLE} DROP COLUMN ${column}`);
  // Open vocabularies: each distinct value an entry of the dictionary, the column its codes (the
  // converted column goes last: inserts name their columns). Each step can run again after a stop.
  for (const [col, column] of DICT_COLUMNS.entries()) {
    const code = `${column}__code`;
    if (types.get(column) === 'VARCHAR') {
      await writer.run(
        `INSERT INTO ${DICT_TABLE}
         SELECT ${col}, (SELECT coalesce(max(code) + 1, 0) FROM ${DICT_TABLE} WHERE col = ${col}) + row_number() OVER (ORDER BY v) - 1, v
         FROM (SELECT DISTINCT ${column} AS v FROM ${TABLE} WHERE ${column} IS NOT NULL
               AND ${column} NOT IN (SELECT value FROM ${DICT_TABLE} WHERE col = ${col}))`,
      );
      await writer.run(`ALTER TABLE ${TABLE} ADD COLUMN IF NOT EXISTS ${code} INTEGER`);
      await writer.run(
        `UPDATE ${TABLE} SET ${code} = d.code FROM ${DICT_TABLE} AS d WHERE d.col = ${col} AND d.value = ${TABLE}.${column}`,
      );
      await writer.run(`ALTER TABLE ${TABLE} DROP COLUMN ${column}`);
      types.delete(column);
      types.set(code, 'INTEGER');
    }
    if (types.has(code) && !types.has(column))
      await writer.run(`ALTER TABLE ${TABLE} RENAME COLUMN ${code} TO ${column}`);
  }
  for (const [column, values] of Object.entries(CODED_COLUMNS) as Array<[CodedColumn, readonly string[]]>) {
    if (types.get(column) !== 'VARCHAR') continue;
    const cases = values.map((v, code) => `WHEN '${v.replace(/'/g, "''")}' THEN ${code}`).join(' ');
    const fallback = codeOf(column, CODED_FALLBACK[column]);
    await writer.run(
      `ALTER TABLE ${TABLE} ALTER COLUMN ${column} SET DATA TYPE UTINYINT
       USING (CASE ${column} ${cases} ELSE ${fallback ?? 'NULL'} END)`,
    );
  }
}

/**
 * Whether a staging file holds an earlier build's text rows (until the build of 2026-12-05 evening the third field, the
 * topic, was quoted text; it is a code now, digits).
 */
function stagedAsText(csv: Buffer): boolean {
  const first = csv.indexOf(0x2c);
  const second = first === -1 ? -1 : csv.indexOf(0x2c, first + 1);
  return second !== -1 && csv[second + 1] === 0x22;
}

export interface Recovered {
  rows: number;
  lost: boolean;
}

/**
 * Batches staged by a run that stopped before loading them (a crash, a kill) are loaded at open, in
 * the order they were staged: the dictionary's entries first (every staged row's codes are in them,
 * history-thread.ts), then an earlier build's `loading.csv`, the sealed files, `incoming.csv`. A stop
 * in the middle of an append leaves a file without its final line break: the rows DuckDB can read are
 * kept, the torn rest is lost, and `lost` says so (the writer puts it in health); so does a file of an
 * earlier build's text.
 */
export async function recoverStaged(writer: DuckDBConnection, dir: string): Promise<Recovered> {
  const recovered: Recovered = { rows: 0, lost: false };
  const names = readdirSync(dir);
  const sealed = names.filter((name) => SEALED.test(name)).sort();
  const dict = [...names.filter((name) => DICT_SEALED.test(name)).sort(), DICT_INCOMING]
    .map((name) => join(dir, name))
    .filter((path) => existsSync(path));
  if (dict.length > 0) {
    try {
      await writer.run(dictInsertSql(dict, true));
    } catch {
      recovered.lost = true;
    }
    for (const path of dict) rmSync(path, { force: true });
  }
  for (const name of [LOADING, ...sealed, INCOMING]) {
    const path = join(dir, name);
    let torn = false;
    try {
      const text = readFileSync(path);
      torn = text.length > 0 && text[text.length - 1] !== 0x0a;
      if (stagedAsText(text)) {
        // An earlier build's staging (text where this one has codes): it cannot be read as ours.
        recovered.lost = true;
        rmSync(path, { force: true });
        continue;
      }
    } catch {
      continue; // nothing was staged
    }
    try {
      recovered.rows += Number((await writer.run(csvInsertSql(path, true))).rowsChanged);
      recovered.lost ||= torn;
    } catch {
      recovered.lost = true;
    }
    rmSync(path, { force: true });
  }
  return recovered;
}
