/**
 * The history's dictionary (core/history/dictionary.ts): codes given in order and kept, new entries
 * handed out once as CSV (and again after a failed write), entries read back with holes, a cap
 * past which values are counted and stored as null, and search filters bound as codes.
 */
import { describe, expect, it } from 'vitest';
import { DICT_COLUMNS, ValueDictionary } from '../../core/history/dictionary';
import { filterSql } from '../../core/history/filter-sql';

const SERVICE = DICT_COLUMNS.indexOf('service');
const HOST = DICT_COLUMNS.indexOf('host');
const TEMPLATE = DICT_COLUMNS.indexOf('template_id');

describe('history: the dictionary of repeated values', () => {
  it('gives each column its own codes in order, and hands new entries out once', () => {
    const d = new ValueDictionary();
    expect([d.codeFor(SERVICE, 'api'), d.codeFor(SERVICE, 'db'), d.codeFor(SERVICE, 'api')]).toEqual([
      0, 1, 0,
    ]);
    expect(d.codeFor(HOST, 'api')).toBe(0); // another column: its own codes
    expect(d.takeNew()).toBe(`${SERVICE},0,"api"\n${SERVICE},1,"db"\n${HOST},0,"api"\n`);
    expect(d.takeNew()).toBe('');
    expect(d.codeFor(SERVICE, 'a "quoted", \u0000 one')).toBe(2);
    const failed = d.takeNew();
    expect(failed).toBe(`${SERVICE},2,"a ""quoted"", \uFFFD one"\n`);
    d.requeue(failed); // its write failed: it goes with the next entries
    d.codeFor(SERVICE, 'web');
    expect(d.takeNew()).toBe(`${failed}${SERVICE},3,"web"\n`);
    expect([d.value(SERVICE, 1), d.value(SERVICE, 3n), d.value(SERVICE, null), d.value(SERVICE, 9)]).toEqual([
      'db',
      'web',
      null,
      null,
    ]);
  });

  it('reads entries back with a hole, and goes on after the highest code', () => {
    const d = new ValueDictionary();
    d.restore(SERVICE, 0, 'api');
    d.restore(SERVICE, 2, 'web'); // code 1 was lost (a torn file)
    expect([d.value(SERVICE, 0), d.value(SERVICE, 1), d.value(SERVICE, 2)]).toEqual(['api', null, 'web']);
    expect(d.codeFor(SERVICE, 'web')).toBe(2);
    expect(d.codeFor(SERVICE, 'new')).toBe(3);
    expect(d.size()).toBe(4);
  });

  it('stores values past its cap as null, counted', () => {
    const d = new ValueDictionary(2);
    expect([d.codeFor(HOST, 'a'), d.codeFor(HOST, 'b'), d.codeFor(HOST, 'c'), d.codeFor(HOST, 'a')]).toEqual([
      0,
      1,
      null,
      0,
    ]);
    expect(d.overflow).toBe(1);
  });

  it('binds service, host and template filters as codes, −1 for a value never stored', () => {
    const d = new ValueDictionary();
    d.codeFor(SERVICE, 'api');
    d.codeFor(SERVICE, 'db');
    d.codeFor(TEMPLATE, 'T1');
    d.codeFor(TEMPLATE, 'T2');
    const one = filterSql({ from: 0, to: 10, service: 'db', host: 'nowhere', level: 'warn' }, d);
    expect(one.where).toBe('t >= $1 AND t <= $2 AND service = $3 AND host = $4 AND level = $5');
    expect(one.params).toEqual([0n, 10n, 1n, -1n, 2n]);
    const many = filterSql({ from: 0, to: 10, templateIds: ['T2', 'T1'], text: '50%' }, d);
    expect(many.where).toBe(
      "t >= $1 AND t <= $2 AND template_id IN ($3, $4) AND message ILIKE $5 ESCAPE '\\'",
    );
    expect(many.params).toEqual([0n, 10n, 1n, 0n, '%50\\%%']);
  });
});
