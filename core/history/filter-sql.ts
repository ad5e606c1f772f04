/**
 * A history search as a SQL WHERE clause with positional parameters ($1, $2...): values are
 * always bound, never spliced into the text. The text filter is a case-insensitive substring
 * (ILIKE with %, _ and \ escaped, so they match themselves).
 */
import type { LogQuery } from '../contract';
import { dictId, type DictColumn, type ValueDictionary } from './dictionary';
import { codeOf } from './schema';

export interface Filter {
  where: string;
  params: Array<string | bigint>;
  /** The same filter with the text clause apart: `exact` (time and equalities) and `text` (or null). */
  exact: string;
  text: string | null;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A search as the engine hands it over: `templateIds` (i18), when set, are every id the template's
 * logs may carry (the template and the ids the miner merged into it) and replace `template`.
 */
export type HistorySearch = LogQuery & { templateIds?: readonly string[] };

/**
 * Service, host and template are stored as codes (dictionary.ts): the filter binds the codes, −1 for a
 * value never stored (it matches no row).
 */
export function filterSql(query: Omit<HistorySearch, 'limit'>, dictionary: ValueDictionary): Filter {
  const code = (column: DictColumn, value: string): bigint => BigInt(dictionary.find(dictId(column), value));
  const params: Array<string | bigint> = [BigInt(Math.floor(query.from)), BigInt(Math.floor(query.to))];
  const clauses = ['t >= $1', 't <= $2'];
  const add = (sql: (n: string) => string, value: string | bigint) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (query.service !== undefined) add((p) => `service = ${p}`, code('service', query.service));
  if (query.host !== undefined) add((p) => `host = ${p}`, code('host', query.host));
  // Stored as its code (schema.ts); a level outside the list matches no row (a null code).
  if (query.level !== undefined) add((p) => `level = ${p}`, BigInt(codeOf('level', query.level) ?? -1));
  const ids = (query.templateIds ?? (query.template === undefined ? [] : [query.template])).map((id) =>
    code('template_id', id),
  );
  if (ids.length === 1) add((p) => `template_id = ${p}`, ids[0]!);
  else if (ids.length > 1) {
    const first = params.length + 1;
    params.push(...ids);
    clauses.push(`template_id IN (${ids.map((_, i) => `$${first + i}`).join(', ')})`);
  }
  const exact = clauses.join(' AND ');
  const narrowed = clauses.length > 2;
  let text: string | null = null;
  if (query.text !== undefined) {
    add((p) => `message ILIKE ${p} ESCAPE '\\'`, `%${escapeLike(query.text)}%`);
    text = clauses[clauses.length - 1]!;
  }
  return { where: clauses.join(' AND '), params, exact, text: narrowed ? text : null };
}
