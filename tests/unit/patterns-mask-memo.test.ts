import { describe, expect, it } from 'vitest';
import { maskTokens } from '../../core/patterns/mask';
import { MAX_MEMO_CHARS, MaskMemo } from '../../core/patterns/mask-memo';
import { TemplateMiner } from '../../core/patterns/miner';
import { LOGHUB_SYSTEMS, loadLoghubSample } from '../eval/patterns';

/** Remembers `line` as the miner does: masked afresh, then offered to the memo. */
function remember(memo: MaskMemo, line: string): void {
  const tokens = maskTokens(line);
  memo.remember(line, tokens, tokens.masked.join(' '));
}

/** The memo's answer for `line`, in maskTokens' shape (null on a miss). */
function recalled(memo: MaskMemo, line: string): { masked: string[]; raw: string[] } | null {
  const hit = memo.get(line);
  if (hit === null) return null;
  return { masked: [...hit.masked], raw: hit.masked.map((_, i) => hit.raw(i)) };
}

/** Every digit replaced by another, chosen by a small seeded generator. */
function redigit(line: string, seed: number): string {
  let state = seed;
  return line.replace(/[0-9]/g, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return String((state >>> 16) % 10);
  });
}

describe('MaskMemo', () => {
  it('answers a line equal up to digits with the same masked tokens and that line’s own raw tokens', () => {
    const memo = new MaskMemo();
    remember(memo, 'Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 took 12 ms');
    const line = 'Receiving block blk_-3544583377289625738 src: /10.250.47.205:40524 took 97 ms';
    expect(recalled(memo, line)).toEqual(maskTokens(line));
  });

  it('gives exactly what masking gives for digit variants of every Loghub line it remembered', () => {
    const memo = new MaskMemo(100_000);
    let compared = 0;
    for (const system of LOGHUB_SYSTEMS) {
      for (const { content } of loadLoghubSample(system).slice(0, 400)) {
        remember(memo, content);
        const variant = redigit(content, compared + 1);
        const hit = recalled(memo, variant);
        if (hit === null) continue; // not memoizable (a digit survives masking, or too long)
        expect(hit).toEqual(maskTokens(variant));
        compared++;
      }
    }
    // Most lines are memoizable: the comparison covered thousands of them, not a handful.
    expect(compared).toBeGreaterThan(4000);
  });

  it('answers a line whose masking keeps a digit only when it holds the same digit-keeping token', () => {
    const memo = new MaskMemo();
    remember(memo, 'Accepted password for root from 10.0.0.1 port 22 ssh2');
    expect(memo.size).toBe(1);
    const sameToken = 'Accepted password for root from 10.0.0.9 port 29 ssh2';
    expect(recalled(memo, sameToken)).toEqual(maskTokens(sameToken));
    // `ssh3` masks to itself, not to `ssh2`: the memo must leave it to fresh masking.
    const otherToken = 'Accepted password for root from 10.0.0.9 port 29 ssh3';
    expect(maskTokens(otherToken).masked).toContain('ssh3');
    expect(memo.get(otherToken)).toBeNull();
  });

  it('gives exactly what masking gives for Loghub lines that keep digits, varied everywhere else', () => {
    const memo = new MaskMemo(100_000);
    let compared = 0;
    for (const system of LOGHUB_SYSTEMS) {
      for (const { content } of loadLoghubSample(system)) {
        const tokens = maskTokens(content);
        if (!tokens.masked.some((m) => /[0-9]/.test(m))) continue;
        memo.remember(content, tokens, tokens.masked.join(' '));
        // Re-digit only the tokens that masking turned into placeholders, keeping the kept ones.
        const variant = tokens.raw.reduce(
          (line, raw, i) => (tokens.masked[i] === raw ? line : line.replace(raw, redigit(raw, i + 1))),
          content,
        );
        const hit = recalled(memo, variant);
        if (hit === null) continue; // partly masked kept digits, a folded value, or too long
        expect(hit).toEqual(maskTokens(variant));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('does not remember a line whose digit-keeping token is only partly masked', () => {
    const memo = new MaskMemo();
    const line = 'machine check interrupt PSR0=20021f01 PSR1=00000000';
    expect(maskTokens(line).masked).toContain('PSR0=<*>');
    remember(memo, line);
    expect(memo.size).toBe(0);
  });

  it('misses a line of the same length that differs in anything but digits', () => {
    const memo = new MaskMemo();
    remember(memo, 'user alice logged in after 3 tries');
    expect(memo.get('user alicf logged in after 3 tries')).toBeNull();
    expect(memo.get('user alice logged in after 7 tries')).not.toBeNull();
  });

  it('finds a line whose first guess is another remembered line of the same length and start', () => {
    const memo = new MaskMemo();
    // Same length and same first characters up to digits: both compete for one guess.
    const alpha = 'job 12 finished in state alpha';
    const bravo = 'job 34 finished in state bravo';
    remember(memo, alpha);
    remember(memo, bravo);
    for (const line of [
      'job 56 finished in state alpha',
      'job 78 finished in state bravo',
      'job 90 finished in state alpha',
    ]) {
      expect(recalled(memo, line)).toEqual(maskTokens(line));
    }
    expect(memo.get('job 11 finished in state gamma')).toBeNull();
    expect({ hits: memo.hits, misses: memo.misses }).toEqual({ hits: 3, misses: 1 });
  });

  it('forgets a dropped line entirely: it is not found through a guess either', () => {
    const memo = new MaskMemo(2);
    remember(memo, 'disk 1 is full');
    remember(memo, 'fan 2 is slow');
    expect(memo.get('disk 7 is full')).not.toBeNull();
    remember(memo, 'cpu 3 is hot'); // drops the oldest line
    expect(memo.size).toBe(2);
    expect(memo.get('disk 8 is full')).toBeNull();
    expect(memo.get('fan 9 is slow')).not.toBeNull();
  });

  it('does not remember a folded value whose words were not separated by one space', () => {
    const memo = new MaskMemo();
    const line = 'started at Jun 17\t07:07:00 2005 ok';
    const tokens = maskTokens(line);
    expect(tokens.raw).toContain('Jun 17 07:07:00 2005'); // the fold rebuilt with single spaces
    remember(memo, line);
    expect(memo.get(line)).toBeNull();
  });

  it('stays within its bounds: entry count and line length', () => {
    const memo = new MaskMemo(16);
    for (let i = 0; i < 100; i++) remember(memo, `event ${'x'.repeat(i)} happened`);
    expect(memo.size).toBe(16);
    const long = `value ${'7'.repeat(MAX_MEMO_CHARS)}`;
    remember(memo, long);
    expect(memo.get(long)).toBeNull();
  });

  it('leaves the miner’s results unchanged: the same as a miner without memo, on Loghub lines and digit variants', () => {
    const withMemo = new TemplateMiner();
    const without = new TemplateMiner({ maskMemoEntries: 0 });
    let n = 0;
    for (const system of LOGHUB_SYSTEMS) {
      for (const { content } of loadLoghubSample(system).slice(0, 300)) {
        for (const line of [content, redigit(content, ++n)]) {
          expect(withMemo.add(line, n)).toEqual(without.add(line, n));
        }
      }
    }
    expect(withMemo.size).toBe(without.size);
  });

  it('leaves the miner’s results unchanged while templates are evicted and merged under it', () => {
    // Few templates and memo entries: the memo answers lines whose templates were evicted or merged
    // since, and its entries are dropped and made again.
    const withMemo = new TemplateMiner({ maxTemplates: 20, maskMemoEntries: 32 });
    const without = new TemplateMiner({ maxTemplates: 20, maskMemoEntries: 0 });
    let n = 0;
    for (const system of LOGHUB_SYSTEMS) {
      for (const { content } of loadLoghubSample(system).slice(0, 200)) {
        for (const line of [content, redigit(content, ++n)]) {
          expect(withMemo.match(line)).toEqual(without.match(line));
          expect(withMemo.add(line, n)).toEqual(without.add(line, n));
        }
      }
    }
    expect([...withMemo.templates()]).toEqual([...without.templates()]);
  });

  it('rejects a negative size', () => {
    expect(() => new MaskMemo(-1)).toThrow(RangeError);
  });
});
