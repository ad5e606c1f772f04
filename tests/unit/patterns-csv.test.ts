import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseCsvRecords } from '../../core/patterns/csv';
import { groupingAccuracy } from '../eval/patterns';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n1,"x, ""y""",\r\n"multi\nline",2,3\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"', ''],
      ['multi\nline', '2', '3'],
    ]);
  });

  it('ends the last record without a final line break', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('x,')).toEqual([['x', '']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('rejects malformed quoting with a clear error', () => {
    expect(() => parseCsv('"never closed')).toThrow(CsvError);
    expect(() => parseCsv('"a"b,c')).toThrow(/after a quoted field/);
  });

  it('keys records by the header and rejects ragged rows', () => {
    expect(parseCsvRecords('\uFEFFid,msg\n1,"a, b"\n')).toEqual([{ id: '1', msg: 'a, b' }]);
    expect(() => parseCsvRecords('id,msg\n1\n')).toThrow(/1 fields, header has 2/);
  });
});

describe('groupingAccuracy', () => {
  it('counts a line correct only when its predicted group equals its true group', () => {
    // Truth: {0,1} A, {2} B, {3} C. Predicted: {0,1} exact, {2,3} merged B and C.
    expect(groupingAccuracy(['p', 'p', 'q', 'q'], ['A', 'A', 'B', 'C'])).toBe(0.5);
    expect(groupingAccuracy(['p', 'q', 'r'], ['A', 'A', 'B'])).toBeCloseTo(1 / 3);
    expect(groupingAccuracy(['x', 'x'], ['A', 'A'])).toBe(1);
  });
});
