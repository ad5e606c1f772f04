/**
 * Splits a byte stream into lines with bounded memory: a line longer than the cap is not
 * accumulated (its bytes are only counted until its newline) and comes out as a `tooLong` item, so
 * a file with a multi-gigabyte "line" cannot exhaust memory. Handles LF and CRLF endings, a final
 * line without a newline, and a UTF-8 byte-order mark. Lines are split on the `\n` byte, so a
 * multi-byte UTF-8 character is never cut in two.
 */

export type LineItem =
  { kind: 'line'; line: number; text: string } | { kind: 'tooLong'; line: number; bytes: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export async function* readLines(
  input: AsyncIterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<LineItem> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let oversized = false;
  /** Whether the last byte of the current line so far is a CR (stripped if the newline follows). */
  let endsWithCr = false;
  let line = 0;

  const finish = (): LineItem => {
    line++;
    if (oversized) {
      const item: LineItem = { kind: 'tooLong', line, bytes: partBytes - (endsWithCr ? 1 : 0) };
      parts = [];
      partBytes = 0;
      oversized = false;
      endsWithCr = false;
      return item;
    }
    let bytes = Buffer.concat(parts, partBytes);
    parts = [];
    partBytes = 0;
    endsWithCr = false;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN)
      bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > maxLineBytes) return { kind: 'tooLong', line, bytes: bytes.length };
    let text = bytes.toString('utf8');
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { kind: 'line', line, text };
  };

  const append = (segment: Buffer): void => {
    if (segment.length === 0) return;
    partBytes += segment.length;
    endsWithCr = segment[segment.length - 1] === CARRIAGE_RETURN;
    if (oversized) return;
    // One byte of slack for a CR that the line ending may still strip.
    if (partBytes > maxLineBytes + 1) {
      oversized = true;
      parts = [];
      return;
    }
    parts.push(segment);
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const at = buffer.indexOf(NEWLINE, start);
      if (at === -1) break;
      append(buffer.subarray(start, at));
      yield finish();
      start = at + 1;
    }
    // Copy the tail: the chunk's buffer may be pooled and reused by the stream.
    if (start < buffer.length) append(Buffer.from(buffer.subarray(start)));
  }
  if (partBytes > 0 || oversized) yield finish();
}
