/**
 * The history after 1,000,000 stored logs (the Loghub samples of 16 systems, interleaved, over four
 * hours): one log of the OpenSSH sample is stored under a service no other log has (the needle); a
 * search by its text and that service finds exactly it, while the same text matches many logs of
 * the ordinary openssh service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../core/history';
import { loghubStream } from '../fixtures/history-logs';

const dir = mkdtempSync(join(tmpdir(), 'vigil-history-million-'));
const START = Date.UTC(2026, 11, 1, 8, 0, 0);
const TOTAL = 1_000_000;
const STEP = (4 * 3_600_000) / TOTAL;
let writer: HistoryWriter | null = null;

afterAll(async () => {
  await writer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history of a million logs', () => {
  it('finds a needle by text and service', async () => {
    writer = await HistoryWriter.open({
      dir,
      maxAgeMs: 24 * 3_600_000,
      maxBytes: 2 * 1024 ** 3,
      now: () => START,
    });
    const stream = loghubStream(START, STEP);
    const needleAt = 654_329; // n mod 16 = 9: a line of the OpenSSH sample
    for (let n = 0; n < TOTAL; n += 5000) {
      const { records, analyses } = stream.batch(n, 5000);
      const i = needleAt - n;
      if (i >= 0 && i < records.length) records[i] = { ...records[i]!, service: 'bastion-sshd' };
      writer.offer(records, analyses, null, START);
      if (n % 100_000 === 0) await writer.flush();
    }
    await writer.flush();
    expect(writer.state().storedLogs).toBe(TOTAL);
    expect(writer.state().dropped).toBe(0);

    const needle = stream.batch(needleAt, 1).records[0]!;
    // A distinctive slice of the line (its tail: a user, an address or a port).
    const text = needle.message.slice(-24);
    const result = await writer.store.query({
      from: START,
      to: START + 4 * 3_600_000,
      service: 'bastion-sshd',
      text,
    });
    expect(result.total).toBe(1);
    expect(result.logs[0]).toMatchObject({
      service: 'bastion-sshd',
      message: needle.message,
      time: needle.time,
      offset: needle.offset,
    });
    const ordinary = await writer.store.query({ from: START, to: START + 4 * 3_600_000, text });
    expect(ordinary.total).toBeGreaterThan(1);
  }, 600_000);
});
