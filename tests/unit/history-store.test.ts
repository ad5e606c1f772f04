/**
 * The history store and writer (core/history) on real DuckDB: searches by every filter, the
 * per-minute histogram, the logs around an offset, a restart, and the size bound enforced by
 * deleting the oldest logs. The logs are the Loghub samples (tests/fixtures/history-logs.ts).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Analyzer } from '../../core/engine/analyzer';
import { analyzeRawMessages } from '../../core/engine/context-analysis';
import { HistoryContextReader } from '../../core/engine/history-context-reader';
import { HistoryWriter } from '../../core/history';
import { FakeModelPort } from './engine-fake-model-port';
import { loghubStream } from '../fixtures/history-logs';

const START = Date.UTC(2026, 11, 1, 10, 0, 0);
const STEP = 50; // 20 logs a second
let dir: string;
const writers: HistoryWriter[] = [];

async function openWriter(overrides: { maxBytes?: number; maxAgeMs?: number; now?: () => number } = {}) {
  const writer = await HistoryWriter.open({
    dir,
    maxAgeMs: overrides.maxAgeMs ?? 24 * 3_600_000,
    maxBytes: overrides.maxBytes ?? 1024 ** 3,
    // The logs' own clock: the age bound counts from their arrival, not from today.
    now: overrides.now ?? (() => START),
  });
  writers.push(writer);
  return writer;
}

async function fill(
  writer: HistoryWriter,
  first: number,
  count: number,
  ingested: number,
  afterBatch?: () => void,
) {
  const stream = loghubStream(START, STEP);
  for (let n = first; n < first + count; n += 2000) {
    const { records, analyses } = stream.batch(n, Math.min(2000, first + count - n));
    writer.offer(records, analyses, null, ingested);
    if (afterBatch) {
      await writer.flush();
      afterBatch();
    }
  }
  await writer.flush();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-history-store-'));
});
afterEach(async () => {
  for (const w of writers.splice(0)) await w.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history store', () => {
  it('searches by time, service, host, level, template and text, newest first, with the total', async () => {
    const writer = await openWriter();
    await fill(writer, 0, 20_000, START);
    const all = await writer.store.query({ from: START, to: START + 20_000 * STEP, limit: 5 });
    expect(all.total).toBe(20_000);
    expect(all.logs.map((l) => l.time)).toEqual([0, 1, 2, 3, 4].map((i) => START + (19_999 - i) * STEP));

    // Loghub's OpenSSH sample: "Failed password for invalid user" lines from one address.
    const ssh = await writer.store.query({
      from: START,
      to: START + 20_000 * STEP,
      service: 'openssh',
      text: 'FAILED PASSWORD FOR INVALID USER',
      limit: 1000,
    });
    expect(ssh.total).toBeGreaterThan(0);
    for (const log of ssh.logs) {
      expect(log.service).toBe('openssh');
      expect(log.message.toLowerCase()).toContain('failed password for invalid user');
    }
    const sshElsewhere = await writer.store.query({
      from: START,
      to: START + 20_000 * STEP,
      service: 'hdfs',
      text: 'Failed password for invalid user',
    });
    expect(sshElsewhere.total).toBe(0);

    const narrow = await writer.store.query({
      from: START + 1000 * STEP,
      to: START + 1999 * STEP,
      host: 'node-7',
      level: 'error',
    });
    expect(narrow.total).toBeGreaterThan(0);
    for (const log of narrow.logs) {
      expect(log.host).toBe('node-7');
      expect(log.level).toBe('error');
      expect(log.time).toBeGreaterThanOrEqual(START + 1000 * STEP);
      expect(log.time).toBeLessThanOrEqual(START + 1999 * STEP);
    }
    const byTemplate = await writer.store.query({
      from: START,
      to: START + 20_000 * STEP,
      template: 'hdfs-3',
    });
    expect(byTemplate.logs.every((l) => l.templateId === 'hdfs-3')).toBe(true);
    expect(byTemplate.total).toBeGreaterThan(0);
  });

  it('treats % and _ in the text as themselves', async () => {
    const writer = await openWriter();
    await fill(writer, 0, 5000, START);
    const literal = await writer.store.query({ from: START, to: START + 5000 * STEP, text: '%_%' });
    for (const log of literal.logs) expect(log.message).toContain('%_%');
    const underscore = await writer.store.query({ from: START, to: START + 5000 * STEP, text: '_' });
    for (const log of underscore.logs) expect(log.message).toContain('_');
    expect(underscore.total).toBeLessThan(5000);
  });

  it('counts per minute by level, summing to the search total', async () => {
    const writer = await openWriter();
    await fill(writer, 0, 6000, START); // 300 s: five minutes
    const query = { from: START, to: START + 6000 * STEP, service: 'openssh' };
    const histogram = await writer.store.histogram(query);
    expect(histogram.bucketMs).toBe(60_000);
    expect(histogram.minutes).toEqual([0, 1, 2, 3, 4].map((m) => START + m * 60_000));
    const sum = Object.values(histogram.byLevel)
      .flat()
      .reduce((a, b) => a + b, 0);
    expect(sum).toBe(histogram.total);
    expect(histogram.total).toBe((await writer.store.query(query)).total);
    expect(Object.keys(histogram.byLevel).sort()).toEqual(['debug', 'error', 'info', 'none', 'warn']);
  });

  it('returns the neighbouring offsets of one partition around an anchor', async () => {
    const writer = await openWriter();
    await fill(writer, 0, 3000, START);
    const around = await writer.store.around({ topic: 'logs', partition: 1, offset: '500' }, 3, 2);
    expect(around.found).toBe(true);
    expect(around.logs.map((l) => l.offset)).toEqual(['497', '498', '499', '500', '501', '502']);
    expect(around.logs.every((l) => l.partition === 1 && l.topic === 'logs')).toBe(true);
    const missing = await writer.store.around({ topic: 'logs', partition: 1, offset: '999999' }, 3, 2);
    expect(missing).toEqual({
      anchor: { topic: 'logs', partition: 1, offset: '999999' },
      found: false,
      logs: [],
    });
  });

  it('answers alert context from the history when there is no broker (the demo source)', async () => {
    const writer = await openWriter();
    await fill(writer, 0, 3000, START);
    const analyzer = new Analyzer(new FakeModelPort());
    const reader = new HistoryContextReader(writer.store, (raw) =>
      analyzeRawMessages(raw, analyzer, 1024 * 1024),
    );
    const stored = await writer.store.around({ topic: 'logs', partition: 1, offset: '500' }, 2, 2);
    const window = await reader.around({ topic: 'logs', partition: 1, offset: '500' }, 2, 2);
    expect(window.source).toBe('history');
    expect(window.retention).toBeUndefined();
    expect(window.logs.map((l) => l.offset)).toEqual(['498', '499', '500', '501', '502']);
    // Each stored message is analyzed again, as the Kafka reader analyzes what it reads.
    expect(window.logs.map((l) => l.value)).toEqual(stored.logs.map((l) => l.message));
    expect(window.logs.every((l) => l.analysis !== null && l.record !== null)).toBe(true);
    const gone = await reader.around({ topic: 'logs', partition: 1, offset: '999999' }, 2, 2);
    expect(gone.logs).toEqual([]);
    expect(gone.retention).toMatchObject({ anchorAvailable: false, missing: 5 });
    await expect(reader.messages()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('keeps its logs across a close and reopen (a host restart)', async () => {
    const first = await openWriter();
    await fill(first, 0, 4000, START);
    await first.close();
    writers.splice(writers.indexOf(first), 1);
    const second = await openWriter();
    expect(second.state().storedLogs).toBe(4000);
    const found = await second.store.query({ from: START, to: START + 4000 * STEP, service: 'zookeeper' });
    expect(found.total).toBeGreaterThan(0);
  });

  it('deletes logs older than the maximum age, by arrival', async () => {
    let now = START;
    const writer = await openWriter({ maxAgeMs: 3_600_000, now: () => now });
    await fill(writer, 0, 2000, START);
    await fill(writer, 2000, 2000, START + 2 * 3_600_000);
    now = START + 2 * 3_600_000;
    await writer.enforce(now);
    expect(await writer.store.count()).toBe(2000);
    expect(writer.state().evicted).toBe(2000);
    const left = await writer.store.query({ from: 0, to: START + 10 * 3_600_000, limit: 1000 });
    expect(Math.min(...left.logs.map((l) => Number(l.offset) * 3))).toBeGreaterThanOrEqual(1998);
  });

  it('stays within a small size bound by deleting the oldest logs first', async () => {
    const maxBytes = 12 * 1024 * 1024;
    const writer = await openWriter({ maxBytes });
    let peak = 0;
    for (let round = 0; round < 8; round++) {
      // The database file and its WAL, measured after every batch of 2,000.
      await fill(writer, round * 40_000, 40_000, START + round * 1000, () => {
        peak = Math.max(peak, writer.store.diskBytes());
      });
    }
    const fileBytes = statSync(writer.store.file).size;
    console.log(
      `history size bound: ${maxBytes} B; file ${fileBytes} B, peak with WAL ${peak} B; evicted ${writer.state().evicted}, kept ${await writer.store.count()} of 320,000`,
    );
    expect(peak).toBeLessThanOrEqual(maxBytes);
    expect(writer.state().evicted).toBeGreaterThan(0);
    // The newest logs are kept, the oldest went first.
    const newest = await writer.store.query({ from: 0, to: START + 10 ** 9, limit: 1 });
    expect(newest.logs[0]!.time).toBe(START + 319_999 * STEP);
    const oldest = await writer.store.count();
    expect(oldest).toBeLessThan(320_000);
    const earliest = await writer.store.query({ from: 0, to: START + 40_000 * STEP });
    expect(earliest.total).toBe(0);
  }, 300_000);
});
