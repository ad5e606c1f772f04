/** The CLI's line splitter: endings, chunk boundaries, and the cap on a single line. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines, type LineItem } from '../../core/cli/line-reader';

async function collect(chunks: (string | Buffer)[], max = 100): Promise<LineItem[]> {
  const source = Readable.from(
    chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)),
  );
  const items: LineItem[] = [];
  for await (const item of readLines(source, max)) items.push(item);
  return items;
}

const texts = (items: LineItem[]) =>
  items.map((item) => (item.kind === 'line' ? item.text : `<too long: ${item.bytes}>`));

describe('readLines', () => {
  it('splits LF and CRLF lines and keeps a last line without a newline', async () => {
    const items = await collect(['a\r\nb\nc\r\n', 'd']);
    expect(items).toEqual([
      { kind: 'line', line: 1, text: 'a' },
      { kind: 'line', line: 2, text: 'b' },
      { kind: 'line', line: 3, text: 'c' },
      { kind: 'line', line: 4, text: 'd' },
    ]);
  });

  it('numbers blank lines too, and yields nothing after a final newline', async () => {
    const items = await collect(['x\n\n\r\ny\n']);
    expect(items.map((item) => [item.line, texts([item])[0]])).toEqual([
      [1, 'x'],
      [2, ''],
      [3, ''],
      [4, 'y'],
    ]);
  });

  it('gives the same lines whatever the chunking, including a UTF-8 character split across chunks', async () => {
    const text = 'première ligne\r\nzweite Zeile ü\n第三行\r\nlast';
    const whole = await collect([text]);
    const bytes = Buffer.from(text, 'utf8');
    const oneByteAtATime = await collect([...bytes].map((byte) => Buffer.from([byte])));
    expect(texts(oneByteAtATime)).toEqual(texts(whole));
    expect(texts(whole)).toEqual(['première ligne', 'zweite Zeile ü', '第三行', 'last']);
  });

  it('drops a byte-order mark at the start of the input', async () => {
    expect(texts(await collect(['\ufeffhello\n']))).toEqual(['hello']);
  });

  it('turns a line over the cap into a tooLong item with its size, and carries on', async () => {
    const long = 'x'.repeat(250);
    const items = await collect(['ok 1\n', long.slice(0, 120), long.slice(120) + '\r\n', 'ok 2\n'], 100);
    expect(items).toEqual([
      { kind: 'line', line: 1, text: 'ok 1' },
      { kind: 'tooLong', line: 2, bytes: 250 },
      { kind: 'line', line: 3, text: 'ok 2' },
    ]);
  });

  it('accepts a line of exactly the cap, even with a CR before its newline', async () => {
    const exact = 'y'.repeat(100);
    expect(texts(await collect([`${exact}\r\n${exact}\n${exact}y\n`], 100))).toEqual([
      exact,
      exact,
      '<too long: 101>',
    ]);
  });

  it('does not count the CR of a CRLF ending in the size of an oversized line', async () => {
    expect(await collect(['w'.repeat(150) + '\r', '\nnext\n'], 100)).toEqual([
      { kind: 'tooLong', line: 1, bytes: 150 },
      { kind: 'line', line: 2, text: 'next' },
    ]);
  });

  it('reports an oversized last line without a newline', async () => {
    expect(await collect(['z'.repeat(150)], 100)).toEqual([{ kind: 'tooLong', line: 1, bytes: 150 }]);
  });
});
