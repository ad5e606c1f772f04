/**
 * A history search as a SQL WHERE clause with positional parameters ($1, $2...): values are
 * always bound, never spliced into the text. The text filter is a case-insensitive substring
 * (ILIKE with %, _ and \ escaped, so they match themselves).
 */
import type { LogQuery } from '../contract';

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

export function filterSql(query: Omit<HistorySearch, 'limit'>): Filter {
  const params: Array<string | bigint> = [BigInt(Math.floor(query.from)), BigInt(Math.floor(query.to))];
  const clauses = ['t >= $1', 't <= $2'];
  const add = (sql: (n: string) => string, value: string | bigint) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (query.service !== undefined) add((p) => `service = ${p}`, query.service);
  if (query.host !== undefined) add((p) => `host = ${p}`, query.host);
  if (query.level !== undefined) add((p) => `level = ${p}`, query.level);
  const ids = query.templateIds ?? (query.template === undefined ? [] : [query.template]);
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
