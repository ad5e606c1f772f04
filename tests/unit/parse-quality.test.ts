import { describe, expect, it } from 'vitest';
import {
  DATA_QUALITY_KINDS,
  REJECTED_KINDS,
  parseMessage,
  parseText,
  type ParseOutcome,
} from '../../core/parse';
import { seededRandom } from '../../core/ingest/demo-random';

const meta = { topic: 'logs', partition: 4, offset: '9000', timestamp: Date.UTC(2024, 4, 1) };

function parseBytes(value: Buffer | null, maxBytes?: number): ParseOutcome {
  return parseMessage({ ...meta, key: null, value }, maxBytes === undefined ? undefined : { maxBytes });
}

function rejected(outcome: ParseOutcome) {
  if (outcome.ok) throw new Error(`expected a rejection, got a ${outcome.record.format} record`);
  expect(outcome.issue).toMatchObject({ topic: 'logs', partition: 4, offset: '9000' });
  expect(outcome.issue.sample.length).toBeLessThanOrEqual(200);
  return outcome.issue;
}

function accepted(outcome: ParseOutcome) {
  if (!outcome.ok) throw new Error(`expected a record, got ${outcome.issue.kind}: ${outcome.issue.detail}`);
  for (const w of outcome.warnings) expect(w.sample.length).toBeLessThanOrEqual(200);
  return outcome;
}

describe('data-quality kinds', () => {
  it('declares which kinds are rejected', () => {
    expect([...REJECTED_KINDS].sort()).toEqual(['binary', 'empty', 'oversized']);
    expect(DATA_QUALITY_KINDS).toHaveLength(10);
  });

  it('empty: null value, zero bytes, whitespace only, empty string', () => {
    expect(rejected(parseBytes(null)).kind).toBe('empty');
    expect(rejected(parseBytes(Buffer.alloc(0))).kind).toBe('empty');
    expect(rejected(parseBytes(Buffer.from(' \r\n\t '))).kind).toBe('empty');
    expect(rejected(parseText('', meta)).kind).toBe('empty');
  });

  it('oversized: a 10 MiB value is rejected without being decoded, with a short safe sample', () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    big.write('ERROR \x1b[31mhuge\x00', 0);
    const issue = rejected(parseBytes(big));
    expect(issue.kind).toBe('oversized');
    expect(issue.detail).toContain(String(10 * 1024 * 1024));
    expect(issue.sample.startsWith('ERROR \\x1b[31mhuge\\x00aaa')).toBe(true);
    expect(issue.sample.endsWith('…')).toBe(true);
  });

  it('oversized: the limit is configurable and applies to strings by UTF-8 bytes', () => {
    expect(rejected(parseBytes(Buffer.from('x'.repeat(101)), 100)).kind).toBe('oversized');
    expect(accepted(parseBytes(Buffer.from('x'.repeat(100)), 100)).record.message).toHaveLength(100);
    expect(rejected(parseText('é'.repeat(60), meta, { maxBytes: 100 })).kind).toBe('oversized'); // 120 bytes
  });

  it('binary: random bytes are rejected', () => {
    const random = seededRandom(7);
    for (const size of [16, 200, 4096]) {
      const bytes = Buffer.from(Array.from({ length: size }, () => random.int(256)));
      expect(rejected(parseBytes(bytes)).kind).toBe('binary');
    }
  });

  it('binary: mostly NULs or control characters', () => {
    expect(rejected(parseBytes(Buffer.from([0x41, 0, 0x42, 0, 0x43, 0, 0x44, 0]))).kind).toBe('binary'); // UTF-16LE "ABCD"
    expect(rejected(parseBytes(Buffer.from('\x01\x02\x03\x04abc'))).kind).toBe('binary');
  });

  it('invalid_utf8: Latin-1 text is analyzed with replacement characters and counted', () => {
    const latin1 = Buffer.from('ERROR caf\xe9 r\xe9sum\xe9 could not be saved', 'latin1');
    const { record, warnings } = accepted(parseBytes(latin1));
    expect(record.level).toBe('error');
    expect(record.message).toBe('caf\uFFFD r\uFFFDsum\uFFFD could not be saved');
    expect(warnings.map((w) => w.kind)).toEqual(['invalid_utf8']);
    expect(warnings[0]!.detail).toContain('3 invalid');
  });

  it('nul_bytes: C-string padding and stray NULs are removed and counted', () => {
    const padded = accepted(parseBytes(Buffer.from('WARN low disk\0\0\0\0')));
    expect(padded.record).toMatchObject({ level: 'warn', message: 'low disk' });
    expect(padded.warnings.map((w) => w.kind)).toEqual(['nul_bytes']);
    const stray = accepted(parseBytes(Buffer.from('INFO user\0 logged in from 10.0.0.1')));
    expect(stray.record.message).toBe('user logged in from 10.0.0.1');
    expect(stray.warnings.map((w) => w.kind)).toEqual(['nul_bytes']);
  });

  it('control_chars: ANSI colours stripped, other controls escaped, counted', () => {
    const { record, warnings } = accepted(parseBytes(Buffer.from('\x1b[1;31mERROR\x1b[0m disk \x07full')));
    expect(record).toMatchObject({ level: 'error', message: 'disk \\x07full' });
    expect(warnings.map((w) => w.kind)).toEqual(['control_chars']);
    expect(warnings[0]!.sample).toBe('\\x1b[1;31mERROR\\x1b[0m disk \\x07full');
  });

  it('malformed_json: analyzed as plain text and counted', () => {
    const { record, warnings } = accepted(parseBytes(Buffer.from('{"level": "error", "msg": oops}')));
    expect(record.format).toBe('plain');
    expect(warnings.map((w) => w.kind)).toEqual(['malformed_json']);
    expect(warnings[0]!.detail).not.toContain('oops'); // details never quote the payload
  });

  it('too_deep: 10,000-deep JSON is not parsed, analyzed as text, counted', () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const { record, warnings } = accepted(parseBytes(Buffer.from(deep)));
    expect(record.format).toBe('plain');
    expect(record.message.length).toBe(deep.length);
    expect(warnings.map((w) => w.kind)).toEqual(['too_deep']);
  });

  it('too_deep: nesting just under the limit still parses', () => {
    const ok = '{"msg":"m","x":' + '['.repeat(60) + ']'.repeat(60) + '}';
    const { record, warnings } = accepted(parseBytes(Buffer.from(ok)));
    expect(record.format).toBe('json');
    expect(warnings).toEqual([]);
  });

  it('brackets inside strings do not count toward depth', () => {
    const text = JSON.stringify({ msg: '['.repeat(5000) + '"\\' });
    const { record, warnings } = accepted(parseBytes(Buffer.from(text)));
    expect(record.format).toBe('json');
    expect(record.message.length).toBe(5002);
    expect(warnings).toEqual([]);
  });

  it('several issues on one message are all reported', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"msg": \x1b[0m'),
      Buffer.from([0xff]),
      Buffer.from(' broken\0'),
    ]);
    const kinds = accepted(parseBytes(bytes)).warnings.map((w) => w.kind);
    expect(kinds).toEqual(['invalid_utf8', 'nul_bytes', 'control_chars', 'malformed_json']);
  });

  it('never throws on random input, and every outcome is well formed', () => {
    const random = seededRandom(42);
    const alphabet = '{}[]":,=<>\\ \n\t\x00\x1baZ09-.';
    for (let i = 0; i < 2000; i++) {
      const length = random.int(120);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[random.int(alphabet.length)];
      const outcome = parseBytes(Buffer.from(text));
      if (outcome.ok) expect(typeof outcome.record.message).toBe('string');
      else expect(DATA_QUALITY_KINDS).toContain(outcome.issue.kind);
    }
  });
});
