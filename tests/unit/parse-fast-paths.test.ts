/**
 * The parser's speed-ups must read exactly what the general paths read: the level lookup on a
 * token range, the `toISOString`-shape reader, and the remembered calendar day of timestamps.
 */
import { describe, expect, it } from 'vitest';
import { levelFromWord, levelFromWordIn } from '../../core/parse/level';
import { matchLeadingTimestamp, timeFromValue } from '../../core/parse/timestamp';

const LEVEL_WORDS = ['fatal', 'critical', 'crit', 'emerg', 'emergency', 'alert', 'panic', 'error', 'err'];
const MORE_WORDS = ['eror', 'severe', 'failure', 'warn', 'warning', 'info', 'information', 'informational'];
const LAST_WORDS = ['notice', 'debug', 'dbg', 'fine', 'config', 'trace', 'finer', 'finest', 'verbose'];
const ALL_WORDS = [...LEVEL_WORDS, ...MORE_WORDS, ...LAST_WORDS];

function mixedCase(word: string): string {
  return [...word].map((c, i) => (i % 2 === 1 ? c.toUpperCase() : c)).join('');
}

describe('level words', () => {
  it('finds every level word in any casing', () => {
    for (const word of ALL_WORDS) {
      const level = levelFromWord(word);
      expect(level, word).not.toBeNull();
      for (const spelling of [word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1), mixedCase(word)]) {
        expect(levelFromWord(spelling), spelling).toBe(level);
      }
    }
  });

  it('turns away tokens that only look like level words', () => {
    for (const token of [
      '',
      'e',
      'er',
      'inf',
      'infos',
      'İnfo',
      'ınfo',
      'Ｉｎｆｏ',
      'xinfo',
      '1info',
      'informationals',
    ]) {
      expect(levelFromWord(token), token).toBeNull();
    }
  });

  it('reads a token range as levelFromWord reads the sliced token', () => {
    const line = 'INFO warn: Eror 1702 [x] İnfo W dbG informational informationals - Fine';
    for (let start = 0; start < line.length; start++) {
      for (let end = start; end <= Math.min(line.length, start + 16); end++) {
        expect(levelFromWordIn(line, start, end), line.slice(start, end)).toBe(
          levelFromWord(line.slice(start, end)),
        );
      }
    }
  });
});

describe('timestamps read on the fast paths', () => {
  /** Epochs across day, month, year and leap-day boundaries, in an order that changes the day often. */
  const epochs = [
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(2024, 2, 1, 0, 0, 0, 0),
    Date.UTC(2023, 2, 1, 0, 0, 0, 0),
    Date.UTC(1999, 11, 31, 23, 59, 59, 1),
    Date.UTC(2000, 0, 1, 12, 30, 0, 500),
    Date.UTC(2024, 1, 29, 0, 0, 0, 10),
    Date.UTC(2199, 11, 31, 23, 59, 59, 999),
    Date.UTC(1990, 0, 1, 0, 0, 0, 0),
  ];

  it('reads toISOString output back to the same epoch', () => {
    for (const ms of epochs) expect(timeFromValue(new Date(ms).toISOString())).toBe(ms);
  });

  it('gives the same result as the general ISO reader, valid or not', () => {
    const values = [
      ...epochs.map((ms) => new Date(ms).toISOString()),
      '2024-13-01T10:00:00.000Z',
      '2024-02-30T10:00:00.000Z',
      '2024-05-01T24:00:00.000Z',
      '2024-05-01T10:00:60.000Z',
      '1989-12-31T23:59:59.999Z',
      '2200-01-01T00:00:00.000Z',
      '0099-05-01T10:00:00.000Z',
    ];
    for (const value of values) {
      // `+00:00` instead of `Z` is the same instant, but only the general expression reads it.
      expect(timeFromValue(value), value).toBe(timeFromValue(value.replace('Z', '+00:00')));
    }
  });

  it('reads leading timestamps of consecutive lines on different days', () => {
    for (const ms of epochs) {
      const iso = new Date(ms).toISOString();
      const line = `${iso.slice(0, 10)} ${iso.slice(11, 23)} INFO x`;
      expect(matchLeadingTimestamp(line, 0, ms)?.time, line).toBe(ms);
    }
  });
});
