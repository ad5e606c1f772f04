/**
 * A small RFC 4180 CSV reader: fields may be quoted, quoted fields may hold commas, line breaks and
 * doubled quotes (`""`). Records end at LF or CRLF. Used to read labelled log samples for the
 * template-mining evaluation and benchmark.
 */

export class CsvError extends Error {}

/** Parses CSV text into rows of fields. Throws `CsvError` on an unterminated quoted field. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const len = text.length;
  let row: string[] = [];
  let i = 0;
  while (i < len) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      const quoted = readQuoted(text, i + 1);
      field = quoted.value;
      i = quoted.next;
    } else {
      // Unquoted: runs to the next comma or line break; fields are slices, never built char by char.
      let end = i;
      while (end < len) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || c === 13) break;
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    const c = i < len ? text.charCodeAt(i) : 10;
    if (c === 44 /* , */) {
      i++;
      if (i === len) {
        row.push(''); // a trailing comma at the very end: one last empty field
        rows.push(row);
      }
      continue;
    }
    // End of record: LF, CRLF, lone CR, or end of text. Anything else after a closing quote is malformed.
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else if (c === 10 || c === 13) i++;
    else if (i < len) throw new CsvError(`unexpected character after a quoted field at offset ${i}`);
    rows.push(row);
    row = [];
  }
  return rows;
}

function readQuoted(text: string, from: number): { value: string; next: number } {
  let value = '';
  let i = from;
  for (;;) {
    const close = text.indexOf('"', i);
    if (close < 0) throw new CsvError(`unterminated quoted field starting at offset ${from - 1}`);
    if (text.charCodeAt(close + 1) === 34) {
      value += text.slice(i, close + 1);
      i = close + 2;
      continue;
    }
    return { value: value + text.slice(i, close), next: close + 1 };
  }
}

/** Rows as objects keyed by the header row; throws `CsvError` when a row's width differs. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows = parseCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = rows[0];
  if (!header) return [];
  const records: Record<string, string>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    if (row.length === 1 && row[0] === '') continue; // blank line
    if (row.length !== header.length) {
      throw new CsvError(`row ${r + 1} has ${row.length} fields, header has ${header.length}`);
    }
    const record: Record<string, string> = {};
    for (let f = 0; f < header.length; f++) record[header[f] as string] = row[f] as string;
    records.push(record);
  }
  return records;
}
