import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../core/rules/sigma/condition';
import { SigmaRefused } from '../../core/rules/sigma/refusal';
import { compile, msg, refusal } from './sigma-fixtures';

/** Three keyword identifiers a, b, c: the message "a b" makes a and b true, c false. */
const ABC = { a: ['alpha'], b: ['bravo'], c: ['charlie'] };
function truth(condition: string, message: string): boolean {
  return compile({ ...ABC, condition }).matches(msg(message));
}

describe('Sigma condition parser', () => {
  it('binds and tighter than or', () => {
    expect(parseCondition('a or b and c')).toEqual({
      kind: 'or',
      items: [
        { kind: 'ref', name: 'a' },
        {
          kind: 'and',
          items: [
            { kind: 'ref', name: 'b' },
            { kind: 'ref', name: 'c' },
          ],
        },
      ],
    });
  });

  it('binds not tighter than and, and parentheses tightest', () => {
    expect(parseCondition('not a and b')).toEqual({
      kind: 'and',
      items: [
        { kind: 'not', item: { kind: 'ref', name: 'a' } },
        { kind: 'ref', name: 'b' },
      ],
    });
    expect(parseCondition('not (a and b)')).toEqual({
      kind: 'not',
      item: {
        kind: 'and',
        items: [
          { kind: 'ref', name: 'a' },
          { kind: 'ref', name: 'b' },
        ],
      },
    });
  });

  it('reads 1 of / all of with patterns and them, binding tighter than not', () => {
    expect(parseCondition('not 1 of filter_*')).toEqual({
      kind: 'not',
      item: { kind: 'of', quantifier: 'one', pattern: 'filter_*' },
    });
    expect(parseCondition('all of them')).toEqual({ kind: 'of', quantifier: 'all', pattern: null });
  });

  it.each([
    ['a or', 'ends too early'],
    ['(a or b', "misses a ')'"],
    ['a b', "unexpected 'b'"],
    ['selection*', 'only allowed after'],
    ['2 of sel*', "only '1 of' and 'all of'"],
    ['1 selection', "must be followed by 'of'"],
    ['a and $b', "unexpected character '$'"],
    ['', 'empty'],
  ])('refuses %j with a reason', (condition, reason) => {
    expect(() => parseCondition(condition)).toThrow(SigmaRefused);
    expect(() => parseCondition(condition)).toThrow(reason);
  });
});

describe('Sigma condition evaluation', () => {
  it.each([
    ['a or b and c', 'alpha', true],
    ['(a or b) and c', 'alpha', false],
    ['(a or b) and c', 'alpha charlie', true],
    ['a and not c', 'alpha', true],
    ['a and not c', 'alpha charlie', false],
    ['not a and b', 'bravo', true],
    ['c and not (a and b)', 'alpha bravo charlie', false],
    ['c and not (a and b)', 'alpha charlie', true],
    ['not not a', 'alpha', true],
    ['a AND b', 'alpha bravo', true],
  ])('%s on %j is %s', (condition, message, expected) => {
    expect(truth(condition, message)).toBe(expected);
  });

  it('1 of / all of a pattern cover exactly the identifiers it matches', () => {
    const detection = { sel_a: ['alpha'], sel_b: ['bravo'], other: ['charlie'] };
    const one = compile({ ...detection, condition: '1 of sel_*' });
    const all = compile({ ...detection, condition: 'all of sel_*' });
    expect(one.matches(msg('bravo'))).toBe(true);
    expect(one.matches(msg('charlie'))).toBe(false);
    expect(all.matches(msg('alpha bravo'))).toBe(true);
    expect(all.matches(msg('alpha charlie'))).toBe(false);
  });

  it('them leaves out identifiers starting with an underscore', () => {
    const rule = compile({ a: ['alpha'], _hidden: ['hotel'], condition: 'all of them' });
    expect(rule.matches(msg('alpha'))).toBe(true);
    const any = compile({ a: ['alpha'], _hidden: ['hotel'], condition: '1 of them' });
    expect(any.matches(msg('hotel'))).toBe(false);
  });

  it('a list of conditions is linked with or', () => {
    const rule = compile({ ...ABC, condition: ['a and b', 'c'] });
    expect(rule.matches(msg('charlie'))).toBe(true);
    expect(rule.matches(msg('alpha bravo'))).toBe(true);
    expect(rule.matches(msg('alpha'))).toBe(false);
  });

  it('refuses an unknown identifier, a pattern matching nothing and aggregations', () => {
    expect(refusal({ ...ABC, condition: 'a and d' })).toContain("names 'd'");
    expect(refusal({ ...ABC, condition: '1 of filter_*' })).toContain(
      "'1 of filter_*' matches no search identifier",
    );
    expect(refusal({ ...ABC, condition: 'a | count() by host > 5' })).toContain('aggregation');
    expect(refusal({ ...ABC, condition: 'a near b' })).toContain('near');
    expect(refusal({ ...ABC, condition: 'a', timeframe: '5m' })).toContain('timeframe');
  });
});
