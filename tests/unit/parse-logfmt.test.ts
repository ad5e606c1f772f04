import { describe, expect, it } from 'vitest';
import { parseText } from '../../core/parse';
import { tokenizeLogfmt } from '../../core/parse/logfmt';

const meta = { topic: 'logs', partition: 0, offset: '7', timestamp: Date.UTC(2024, 4, 1) };

function record(text: string) {
  const outcome = parseText(text, meta);
  if (!outcome.ok) throw new Error(`rejected: ${outcome.issue.kind}`);
  return outcome;
}

describe('logfmt', () => {
  it('reads roles, quoted values with escapes, typed numbers and booleans', () => {
    const { record: r, warnings } = record(
      'ts=2024-05-01T10:00:00Z level=warn service=checkout host=web-2 msg="payment \\"slow\\" for user" duration_ms=812 ratio=0.25 cached=false id=0042',
    );
    expect(warnings).toEqual([]);
    expect(r).toMatchObject({
      format: 'logfmt',
      time: Date.UTC(2024, 4, 1, 10),
      level: 'warn',
      service: 'checkout',
      host: 'web-2',
      message: 'payment "slow" for user',
    });
    // Leading zeros stay text: they are identifiers, not quantities.
    expect(r.fields).toEqual({ duration_ms: 812, ratio: 0.25, cached: false, id: '0042' });
  });

  it('keeps an unterminated quoted value up to the end of the line', () => {
    const r = record('level=error msg="connection lost while reading').record;
    expect(r.message).toBe('connection lost while reading');
    expect(r.level).toBe('error');
  });

  it('builds the message from the fields when msg is missing', () => {
    expect(record('level=info method=GET path=/health status=200').record.message).toBe(
      'method=GET path=/health status=200',
    );
  });

  it('treats prose that merely starts with key=value as plain text', () => {
    const r = record('x=1 happened while the system was starting up again').record;
    expect(r.format).toBe('plain');
    expect(r.message).toBe('x=1 happened while the system was starting up again');
  });

  it('tokenizes in one pass: pairs and bare words counted', () => {
    expect(tokenizeLogfmt('a=1 b="two words" flag c= d')).toEqual({
      pairs: [
        { key: 'a', value: 1 },
        { key: 'b', value: 'two words' },
        { key: 'c', value: '' },
      ],
      bareWords: 2,
    });
  });

  it('handles an enormous single value without blowing up', () => {
    const huge = 'v'.repeat(500_000);
    const r = record(`level=info msg=${huge}`).record;
    expect(r.message.length).toBe(500_000);
  });
});
