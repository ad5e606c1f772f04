/**
 * A batch of analyzed logs as columns, the form in which it leaves the engine's thread (issue 18).
 * Building the CSV text on the engine's thread cost it ~1.1-1.6 µs a log with the post (the text's
 * quoting, then flattening and copying a 1 MB string per batch); encoding columns costs it
 * ~0.25-0.4 µs: the values that repeat from log to log (topic, service, host, level, template,
 * severity, category, format, producer) become codes into a per-batch dictionary (an identity check
 * first, then a map), times and partitions typed arrays, offsets and messages UTF-8 bytes in one
 * buffer, all moving to the history's thread without a copy. The history's thread turns the columns
 * into CSV bytes (`columnsCsv`) and appends them (history-thread.ts). Measured side by side by
 * `npm run bench -- history-cpu` (docs/history.md).
 */
import { dictId, quoteCsv, type ValueDictionary } from './dictionary';
import { codeOf, MAX_MESSAGE_CHARS, type CodedColumn, type HistoryBatch } from './schema';

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

/** The repeated columns stored as codes (schema.ts `CODED_COLUMNS`), by their index in `REPEATED`. */
const CODED_AT: ReadonlyMap<number, CodedColumn> = new Map([
  [REPEATED.indexOf('level'), 'level'],
  [REPEATED.indexOf('severity'), 'severity'],
  [REPEATED.indexOf('category'), 'category'],
  [REPEATED.indexOf('format'), 'format'],
]);

/** The other repeated columns, coded by the history's dictionary (dictionary.ts): their column id there. */
const DICT_AT: ReadonlyMap<number, number> = new Map([
  [REPEATED.indexOf('topic'), dictId('topic')],
  [REPEATED.indexOf('service'), dictId('service')],
  [REPEATED.indexOf('host'), dictId('host')],
  [REPEATED.indexOf('template'), dictId('template_id')],
  [REPEATED.indexOf('producer'), dictId('producer')],
]);

/** One batch as columns: plain data and typed arrays, so it crosses to a thread by structured clone. */
export interface ColumnBatch {
  rows: number;
  ingested: number;
  time: Float64Array;
  part: Int32Array;
  /**
   * Per row, its offset's UTF-8 bytes, then its message's (cut at MAX_MESSAGE_CHARS with an
   * ellipsis): the history's thread copies them into the CSV without making a string of them.
   */
  bytes: Uint8Array;
  /** Per row, where its offset ends in `bytes`, and where its message ends (the next row's start). */
  offsetEnds: Int32Array;
  messageEnds: Int32Array;
  /** `rows × REPEATED.length` codes, row by row: an index into that column's dictionary, or −1 (null). */
  codes: Int32Array;
  /** Per repeated column, its distinct values in this batch. */
  dicts: string[][];
  /** Rows that raised or joined an alert, and the alert's id (parallel arrays). */
  alertRows: number[];
  alertIds: string[];
  /** The CSV's size in bytes, estimated (quotes doubled inside values not counted): staging bounds. */
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

  /** `width`: the characters of one row's field with its separator (every column is a code now). */
  constructor(private readonly width: number) {}

  code(value: string | null): number {
    if (value === null) return -1;
    if (value === this.last) {
      this.chars += this.width;
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
    this.chars += this.width;
    return code;
  }
}

/** A buffer of its own (not a slice of Node's pool), so that its memory can be transferred. */
function grown(buffer: Buffer, used: number, needed: number): Buffer<ArrayBuffer> {
  const bigger = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, needed));
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

/** The engine's side: the batch as columns (messages and offsets as UTF-8 bytes, one native write each). */
export function encodeBatch(batch: HistoryBatch): ColumnBatch {
  const { records, analyses } = batch;
  const rows = records.length;
  // A closed vocabulary's code is one digit; a dictionary's code a few (estimated at three).
  const dicts = Array.from({ length: K }, (_, d) => new Dictionary(CODED_AT.has(d) ? 2 : 4));
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
  const offsetEnds = new Int32Array(rows);
  const messageEnds = new Int32Array(rows);
  let bytes: Buffer<ArrayBuffer> = Buffer.allocUnsafeSlow(Math.max(4096, rows * 160));
  let at = 0;
  let chars = 0;
  for (let i = 0; i < rows; i++) {
    const r = records[i]!;
    const a = analyses[i]!;
    const p = r.fields['log.producer'];
    const c = i * K;
    codes[c] = topic.code(r.topic);
    codes[c + 1] = service.code(r.service);
    codes[c + 2] = host.code(r.host);
    codes[c + 3] = level.code(r.level);
    codes[c + 4] = template.code(a.templateId);
    codes[c + 5] = severity.code(a.severity);
    codes[c + 6] = category.code(a.category);
    codes[c + 7] = format.code(r.format);
    codes[c + 8] = producer.code(typeof p === 'string' ? p : null);
    time[i] = r.time;
    part[i] = r.partition;
    let message = r.message;
    if (message.length > MAX_MESSAGE_CHARS) message = `${message.slice(0, MAX_MESSAGE_CHARS)}…`;
    // At most 3 UTF-8 bytes per UTF-16 unit: room first, so a write is never cut short.
    const room = (r.offset.length + message.length) * 3;
    if (at + room > bytes.length) bytes = grown(bytes, at, at + room);
    const rowStart = at;
    at += bytes.write(r.offset, at);
    offsetEnds[i] = at;
    at += bytes.write(message, at);
    messageEnds[i] = at;
    // Time and ingested (13 digits each), partition, the quotes of offset and message, six commas.
    chars += at - rowStart + 40;
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
    bytes: new Uint8Array(bytes.buffer, 0, at),
    offsetEnds,
    messageEnds,
    codes,
    dicts: dicts.map((d) => d.values),
    alertRows,
    alertIds,
    chars,
  };
}

/**
 * Why a batch that crossed from another thread cannot be made into CSV (its arrays' lengths, its
 * byte ranges, its codes), or null: a standalone engine's threads post batches (issue 19), and
 * `columnsCsv` trusts what it reads.
 */
export function columnBatchProblem(b: ColumnBatch): string | null {
  const { rows } = b;
  if (!Number.isInteger(rows) || rows < 0) return 'rows';
  for (const [name, array] of [
    ['time', b.time],
    ['part', b.part],
    ['offsetEnds', b.offsetEnds],
    ['messageEnds', b.messageEnds],
  ] as const)
    if (array.length !== rows) return `${name} length`;
  if (b.codes.length !== rows * K || b.dicts.length !== K) return 'codes length';
  let start = 0;
  for (let i = 0; i < rows; i++) {
    const offsetEnd = b.offsetEnds[i]!;
    const messageEnd = b.messageEnds[i]!;
    if (offsetEnd < start || messageEnd < offsetEnd || messageEnd > b.bytes.length) return `row ${i} bytes`;
    start = messageEnd;
  }
  for (let c = 0; c < b.codes.length; c++) {
    const code = b.codes[c]!;
    if (code < -1 || code >= b.dicts[c % K]!.length) return `row ${Math.floor(c / K)} code`;
  }
  if (b.alertRows.length !== b.alertIds.length) return 'alerts length';
  for (const row of b.alertRows) if (!Number.isInteger(row) || row < 0 || row >= rows) return 'alert row';
  return null;
}

/** The typed arrays of a batch, to transfer (not copy) when it is posted to a thread. */
export function transferables(batch: ColumnBatch): ArrayBuffer[] {
  return [
    batch.time.buffer,
    batch.part.buffer,
    batch.codes.buffer,
    batch.bytes.buffer,
    batch.offsetEnds.buffer,
    batch.messageEnds.buffer,
  ] as ArrayBuffer[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const NUL = 0x00;
/** U+FFFD in UTF-8: what a NUL becomes (DuckDB's CSV reader refuses NUL). */
const REPLACEMENT = Buffer.from('\uFFFD');

/** A text value as its quoted CSV field's bytes (`"` doubled, NUL replaced). */
function quotedField(value: string): Buffer {
  return Buffer.from(quoteCsv(value));
}

/** A coded field: its code's digits, or nothing (null). */
function digits(code: number | null): Buffer {
  return Buffer.from(code === null ? '' : String(code));
}

/** Writes a whole number's decimal digits at `at`; returns the position after them. */
function writeInteger(out: Buffer, at: number, value: number): number {
  let n = Number.isFinite(value) ? Math.round(value) : 0;
  if (n < 0) {
    out[at++] = 0x2d;
    n = -n;
  }
  let digits = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
  for (let k = at + digits - 1; k >= at; k--) {
    out[k] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + digits;
}

/** Copies a short value byte by byte (cheaper than a native call for a few bytes), or with `set`. */
function put(out: Buffer, at: number, value: Uint8Array): number {
  const n = value.length;
  if (n > 24) {
    out.set(value, at);
    return at + n;
  }
  for (let j = 0; j < n; j++) out[at + j] = value[j]!;
  return at + n;
}

/**
 * One buffer for every batch's CSV: the history's thread writes a batch's bytes out before it makes
 * the next batch's, so one grown buffer serves them all (a fresh ~1 MB buffer per batch is memory
 * V8's collector must account for and free).
 */
export class CsvScratch {
  buffer: Buffer = Buffer.alloc(0);
}

/**
 * The history thread's side: the batch as CSV bytes, rows in the column order of `csvInsertSql`
 * (one line per log, `\n` ended). Every text field is quoted (`"` doubled), a null is an empty
 * unquoted field, and NUL bytes become U+FFFD (DuckDB's CSV reader refuses them); the repeated
 * values are quoted once per batch. Offsets and messages are copied from the batch's bytes (a
 * native copy a row unless it holds a quote or a NUL: found with `indexOf`, cursors that only move
 * forward), numbers written as digits: no string is made per row, so the thread leaves next to no
 * garbage for V8's collector, whose threads the whole process shares. With `scratch`, the bytes are
 * in its buffer, valid until the next call with it.
 */
export function columnsCsv(b: ColumnBatch, dictionary: ValueDictionary, scratch?: CsvScratch): Buffer {
  const src = Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
  // Each distinct value's field once per batch: its code's digits (a closed vocabulary's, or the
  // dictionary's, which gives a new value its code now), or nothing for a null.
  const quoted = b.dicts.map((values, d) => {
    const coded = CODED_AT.get(d);
    if (coded !== undefined) return values.map((v) => digits(codeOf(coded, v)));
    const col = DICT_AT.get(d)!;
    return values.map((v) => digits(dictionary.codeFor(col, v)));
  });
  let widest = 0;
  for (const column of quoted) widest += column.reduce((m, q) => Math.max(m, q.length), 0);
  const alerts = new Map<number, Buffer>();
  let widestAlert = 0;
  for (let j = 0; j < b.alertRows.length; j++) {
    const q = quotedField(b.alertIds[j]!);
    alerts.set(b.alertRows[j]!, q);
    widestAlert = Math.max(widestAlert, q.length);
  }
  const ingested = Buffer.from(`,${Math.round(b.ingested)},`);
  // Two numbers of up to 22 characters, a partition, 14 commas, 4 quotes, the line break.
  const fixed = 80 + ingested.length + widest + widestAlert;
  // The estimate the staging bounds count, with room for longer numbers: no copy to a bigger buffer
  // unless values need escaping.
  const want = b.chars + b.rows * 8 + fixed;
  let out =
    scratch !== undefined && scratch.buffer.length >= want
      ? scratch.buffer
      : Buffer.allocUnsafeSlow(scratch === undefined ? want : Math.ceil(want * 1.25));
  let o = 0;
  let nextQuote = src.indexOf(QUOTE);
  let nextNul = src.indexOf(NUL);
  /** Copies src[from, to) escaped; returns the position after it in `out`. */
  const escaped = (from: number, to: number): number => {
    if (nextQuote !== -1 && nextQuote < from) nextQuote = src.indexOf(QUOTE, from);
    if (nextNul !== -1 && nextNul < from) nextNul = src.indexOf(NUL, from);
    const plain = (nextQuote === -1 || nextQuote >= to) && (nextNul === -1 || nextNul >= to);
    if (plain) return o + src.copy(out, o, from, to);
    let at = o;
    for (let j = from; j < to; j++) {
      const byte = src[j]!;
      if (byte === QUOTE) {
        out[at++] = QUOTE;
        out[at++] = QUOTE;
      } else if (byte === NUL) at = put(out, at, REPLACEMENT);
      else out[at++] = byte;
    }
    return at;
  };
  const codes = b.codes;
  const k = b.dicts.length;
  /** The repeated column `d` of the row whose codes start at `c`, and the comma after it. */
  const field = (c: number, d: number): void => {
    const code = codes[c + d]!;
    if (code >= 0) o = put(out, o, quoted[d]![code]!);
    out[o++] = COMMA;
  };
  let start = 0;
  for (let i = 0; i < b.rows; i++) {
    const offsetEnd = b.offsetEnds[i]!;
    const messageEnd = b.messageEnds[i]!;
    // Each byte may become three (a NUL), and the rest of the row is at most `fixed`.
    const room = (messageEnd - start) * 3 + fixed;
    if (o + room > out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, o + room));
      out.copy(bigger, 0, 0, o);
      out = bigger;
    }
    const c = i * k;
    // Columns in table order: t, ingested, topic, part, off, service, host, level, message, template,
    // severity, category, format, producer, alert.
    o = writeInteger(out, o, b.time[i]!);
    o = put(out, o, ingested);
    field(c, 0);
    o = writeInteger(out, o, b.part[i]!);
    out[o++] = COMMA;
    out[o++] = QUOTE;
    o = escaped(start, offsetEnd);
    out[o++] = QUOTE;
    out[o++] = COMMA;
    field(c, 1);
    field(c, 2);
    field(c, 3);
    out[o++] = QUOTE;
    o = escaped(offsetEnd, messageEnd);
    out[o++] = QUOTE;
    out[o++] = COMMA;
    for (let d = 4; d < 9; d++) field(c, d);
    const alert = alerts.get(i);
    if (alert !== undefined) o = put(out, o, alert);
    out[o++] = 0x0a;
    start = messageEnd;
  }
  if (scratch !== undefined) scratch.buffer = out;
  return out.subarray(0, o);
}
