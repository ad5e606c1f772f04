/**
 * Issue 18's acceptance, against the real broker: the history respects its size bound. An engine
 * with a 12 MB history consumes 320,000 Loghub lines from Kafka (in steps of 40,000, each stored
 * before the next); the database file and its WAL never pass the bound (sampled while it works),
 * the oldest logs are deleted first, the newest are kept, and a restart keeps them. (The unit test
 * tests/unit/history-store.test.ts proves the same on the store alone, after every batch.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryState, LogQueryResult } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { createEngine } from '../../core/engine/create';
import { allRawLines } from '../fixtures/loghub';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, uniqueName, withProducer } from '../harness/kafka-fixtures';

const TOTAL = 320_000;
const STEP = 40_000;
const MAX_BYTES = 12 * 1024 * 1024;
const brokers = testBrokers();
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-history-bounds-kafka-'));
let engine: EngineClient | null = null;

afterAll(async () => {
  await engine?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('history bounds over Kafka', () => {
  it('stays within its size bound by deleting the oldest logs first, and keeps them across a restart', async () => {
    const lines = allRawLines().map((l) => l.line);
    const topic = uniqueName('history-bounds');
    await createTopics(brokers, [topic], 1);
    engine = await createEngine({
      dataDir,
      history: { enabled: true, maxAgeHours: 24, maxBytes: MAX_BYTES },
    });
    await engine.call('engine:start', {
      source: 'kafka',
      kafka: { brokers, topics: [topic], groupId: uniqueName('history-bounds-group'), fromBeginning: true },
    });
    let peak = 0;
    const state = async () => {
      const s = HistoryState.parse(await engine!.call('history:status', {}));
      peak = Math.max(peak, s.diskBytes);
      return s;
    };
    for (let first = 0; first < TOTAL; first += STEP) {
      await withProducer(brokers, async (producer) => {
        for (let sent = first; sent < first + STEP; sent += 5000) {
          const messages = Array.from({ length: 5000 }, (_, j) => ({
            value: lines[(sent + j) % lines.length]!,
          }));
          await producer.send({ topic, acks: 1, messages });
        }
      });
      await eventually(
        `${first + STEP} logs stored`,
        async () => {
          const s = await state();
          return s.storedLogs + s.evicted + s.dropped >= first + STEP;
        },
        300_000,
      );
    }
    await engine.call('engine:stop', {});
    const end = await state();
    console.log(
      `history bound over Kafka: ${MAX_BYTES} B; peak sampled ${peak} B; kept ${end.storedLogs}, evicted ${end.evicted}, dropped ${end.dropped} of ${TOTAL}`,
    );
    expect(end.dropped).toBe(0);
    expect(end.evicted).toBeGreaterThan(0);
    expect(end.storedLogs).toBeLessThan(TOTAL);
    expect(peak).toBeLessThanOrEqual(MAX_BYTES);
    // The newest logs are kept (the last offset produced), the oldest went first (offset 0).
    const all = { from: 0, to: Date.now() + 3_600_000 };
    const last = LogQueryResult.parse(
      await engine.call('logs:query', {
        ...all,
        text: lines[(TOTAL - 1) % lines.length]!.slice(-40),
        limit: 1000,
      }),
    );
    expect(last.logs.map((l) => l.offset)).toContain(String(TOTAL - 1));
    const first = LogQueryResult.parse(
      await engine.call('logs:query', { ...all, text: lines[0]!.slice(-40), limit: 1000 }),
    );
    expect(first.logs.map((l) => l.offset)).not.toContain('0');

    // A restart on the same data folder keeps the same logs, within the same bound.
    await engine.close();
    engine = await createEngine({
      dataDir,
      history: { enabled: true, maxAgeHours: 24, maxBytes: MAX_BYTES },
    });
    const again = await state();
    expect(again.storedLogs).toBe(end.storedLogs);
    expect(again.diskBytes).toBeLessThanOrEqual(MAX_BYTES);
    const lastAgain = LogQueryResult.parse(
      await engine.call('logs:query', {
        ...all,
        text: lines[(TOTAL - 1) % lines.length]!.slice(-40),
        limit: 1000,
      }),
    );
    expect(lastAgain.logs.map((l) => l.offset)).toContain(String(TOTAL - 1));
  }, 900_000);
});
