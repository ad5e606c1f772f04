/**
 * A batch of analyzed logs as columns, the form in which it leaves the engine's thread (issue 18).
 * Building the CSV text on the engine's thread cost it ~1.1-1.6 µs a log with the post (the text's
 * quoting, then flattening and copying a 1 MB string per batch); encoding columns costs it
 * ~0.25-0.4 µs: the values that repeat from log to log (topic, service, host, level, template,
 * severity, category, format, producer) become codes into a per-batch dictionary (an identity check
 * first, then a map), times and partitions typed arrays that move to the history's thread without a
 * copy, and the messages and offsets arrays of the engine's own strings. The history's thread turns
 * the columns into CSV text (`columnsCsv`) and appends it (history-thread.ts). Measured side by side
 * by `npm run bench -- history-cpu` (docs/history.md).
 */
import type { HistoryBatch } from './schema';

/** The repeated columns, in the order of their codes in a row. */
export const REPEATED = [
  'topic',
  'service',
  'host',
  'level',
  'template',
  'severity',
  'category',
  'format',
  'producer',
] as const;
const K = REPEATED.length;

/** One batch as columns: plain data and typed arrays, so it crosses to a thread by structured clone. */
export interface ColumnBatch {
  rows: number;
  ingested: number;
  time: Float64Array;
  part: Int32Array;
  offsets: string[];
  messages: string[];
  /** `rows × REPEATED.length` codes, row by row: an index into that column's dictionary, or −1 (null). */
  codes: Int32Array;
  /** Per repeated column, its distinct values in this batch. */
  dicts: string[][];
  /** Rows that raised or joined an alert, and the alert's id (parallel arrays). */
  alertRows: number[];
  alertIds: string[];
  /** The CSV text's length, estimated (quotes doubled inside values not counted): staging bounds. */
  chars: number;
}

/** Per-column dictionary: the last value by identity first (runs of one service, one level), then a map. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private last: string | null = null;
  private lastCode = -1;
  /** Characters of the column over the batch's rows, with quotes and separator. */
  chars = 0;

  code(value: string | null): number {
    if (value === null) return -1;
    if (value === this.last) {
      this.chars += value.length + 3;
      return this.lastCode;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    this.last = value;
    this.lastCode = code;
    this.chars += value.length + 3;
    return code;
  }
}

/** The engine's side: the batch as columns (its strings referenced, not copied here). */
export function encodeBatch(batch: HistoryBatch): ColumnBatch {
  const { records, analyses } = batch;
  const rows = records.length;
  const dicts = Array.from({ length: K }, () => new Dictionary());
  const [topic, service, host, level, template, severity, category, format, producer] = dicts as [
    Dictionary,
    Dictionary,
    Dictionary,
    Dictionary,
    Dictionary,
    Dictionary,
    Dictionary,
    Dictionary,
    Dictionary,
  ];
  const codes = new Int32Array(rows * K);
  const time = new Float64Array(rows);
  const part = new Int32Array(rows);
  const offsets = new Array<string>(rows);
  const messages = new Array<string>(rows);
  let chars = 0;
  for (let i = 0; i < rows; i++) {
    const r = records[i]!;
    const a = analyses[i]!;
    const p = r.fields['log.producer'];
    const at = i * K;
    codes[at] = topic.code(r.topic);
    codes[at + 1] = service.code(r.service);
    codes[at + 2] = host.code(r.host);
    codes[at + 3] = level.code(r.level);
    codes[at + 4] = template.code(a.templateId);
    codes[at + 5] = severity.code(a.severity);
    codes[at + 6] = category.code(a.category);
    codes[at + 7] = format.code(r.format);
    codes[at + 8] = producer.code(typeof p === 'string' ? p : null);
    time[i] = r.time;
    part[i] = r.partition;
    offsets[i] = r.offset;
    messages[i] = r.message;
    // Time and ingested (13 digits each), partition, the quotes of offset and message, six commas.
    chars += r.message.length + r.offset.length + 40;
  }
  const alertRows: number[] = [];
  const alertIds: string[] = [];
  if (batch.alertIds !== null)
    for (const [row, id] of batch.alertIds) {
      alertRows.push(row);
      alertIds.push(id);
      chars += id.length + 2;
    }
  for (const d of dicts) chars += d.chars;
  return {
    rows,
    ingested: batch.ingested,
    time,
    part,
    offsets,
    messages,
    codes,
    dicts: dicts.map((d) => d.values),
    alertRows,
    alertIds,
    chars,
  };
}

/** The typed arrays of a batch, to transfer (not copy) when it is posted to a thread. */
export function transferables(batch: ColumnBatch): ArrayBuffer[] {
  return [batch.time.buffer, batch.part.buffer, batch.codes.buffer] as ArrayBuffer[];
}

/**
 * The history thread's side: the batch as CSV rows in the column order of `csvInsertSql` (one line
 * per log, `\n` ended). Every text field is quoted (`"` doubled), a null is an empty unquoted field,
 * NUL characters become U+FFFD (DuckDB's CSV reader refuses them), and a message longer than
 * `maxMessageChars` is cut with an ellipsis; the repeated values are quoted once per batch.
 */
export function columnsCsv(b: ColumnBatch, maxMessageChars: number): string {
  const k = b.dicts.length;
  const quotedDicts: string[][] = [];
  for (let d = 0; d < k; d++) {
    const values = b.dicts[d]!;
    const quoted: string[] = new Array<string>(values.length);
    for (let j = 0; j < values.length; j++) {
      let v = values[j]!;
      if (v.includes('"')) v = v.replace(/"/g, '""');
      if (v.includes('\u0000')) v = v.replace(/\u0000/g, '\uFFFD'); // eslint-disable-line no-control-regex
      quoted[j] = `"${v}"`;
    }
    quotedDicts.push(quoted);
  }
  const alerts = new Map<number, string>();
  for (let j = 0; j < b.alertRows.length; j++) {
    let v = b.alertIds[j]!;
    if (v.includes('"')) v = v.replace(/"/g, '""');
    alerts.set(b.alertRows[j]!, `"${v}"`);
  }
  const ingested = `,${Math.round(b.ingested)},`;
  let out = '';
  for (let i = 0; i < b.rows; i++) {
    let message = b.messages[i]!;
    if (message.length > maxMessageChars) message = `${message.slice(0, maxMessageChars)}…`;
    if (message.includes('"')) message = message.replace(/"/g, '""');
    if (message.includes('\u0000')) message = message.replace(/\u0000/g, '\uFFFD'); // eslint-disable-line no-control-regex
    let offset = b.offsets[i]!;
    if (offset.includes('"')) offset = offset.replace(/"/g, '""');
    if (offset.includes('\u0000')) offset = offset.replace(/\u0000/g, '\uFFFD'); // eslint-disable-line no-control-regex
    const at = i * k;
    const c = b.codes;
    const q = quotedDicts;
    // Columns in table order: t, ingested, topic, part, off, service, host, level, message, template,
    // severity, category, format, producer, alert.
    const line =
      `${Math.round(b.time[i]!)}${ingested}${c[at]! < 0 ? '' : q[0]![c[at]!]},${b.part[i]},"${offset}",` +
      `${c[at + 1]! < 0 ? '' : q[1]![c[at + 1]!]},${c[at + 2]! < 0 ? '' : q[2]![c[at + 2]!]},` +
      `${c[at + 3]! < 0 ? '' : q[3]![c[at + 3]!]},"${message}",${c[at + 4]! < 0 ? '' : q[4]![c[at + 4]!]},` +
      `${c[at + 5]! < 0 ? '' : q[5]![c[at + 5]!]},${c[at + 6]! < 0 ? '' : q[6]![c[at + 6]!]},` +
      `${c[at + 7]! < 0 ? '' : q[7]![c[at + 7]!]},${c[at + 8]! < 0 ? '' : q[8]![c[at + 8]!]}`;
    out += `${line},${alerts.get(i) ?? ''}\n`;
  }
  return out;
}
