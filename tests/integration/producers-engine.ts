/**
 * Shared by the producer integration tests (producers-*.test.ts): Vigil's engine consumes the
 * topics a real client wrote, and the analyze command reads the same bytes back, so that a test
 * can compare what Vigil extracted (`record` of each analyze result) and alerted with what the
 * producer meant (tests/fixtures/producers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, EngineStatus } from '../../core/contract';
import { createEngine } from '../../core/engine/create';
import { uniqueName, eventually } from '../harness/kafka-fixtures';
import type { ReadRecord } from '../fixtures/producers/compare';
import type { CapturedCase } from '../fixtures/producers/real-fixtures';

export interface EngineReading {
  status: EngineStatus;
  alerts: Alert[];
  /** Per case, the `record` of each analyze result (undefined where the result has none). */
  records: Map<string, Array<ReadRecord | undefined>>;
  close(): Promise<void>;
}

export interface ReadOptions {
  /**
   * Multi-line events: the engine may join many messages into one log, so instead of waiting for
   * one count per message, wait until at least `minLogs` are counted and the count has not moved
   * for `quietMs`; and skip the per-message analyze step.
   */
  joined?: { minLogs: number; quietMs: number };
}

/** Consumes every case's topic from the beginning until each message is counted, then reads back. */
export async function readWithEngine(
  brokers: string[],
  cases: ReadonlyArray<Pick<CapturedCase, 'name' | 'topic' | 'values'>>,
  options: ReadOptions = {},
): Promise<EngineReading> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-producers-it-'));
  const client = await createEngine({ dataDir, engine: { tickMs: 200 } });
  const close = async (): Promise<void> => {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const total = cases.reduce((sum, c) => sum + c.values.length, 0);
    await client.call('engine:start', {
      source: 'kafka',
      kafka: {
        brokers,
        topics: cases.map((c) => c.topic),
        groupId: uniqueName('producers'),
        fromBeginning: true,
      },
    });
    const counted = async (): Promise<number> => {
      const s = await client.call('engine:status', {});
      return s.stats.processed + s.stats.errors;
    };
    if (options.joined) {
      const { minLogs, quietMs } = options.joined;
      let last = -1;
      let since = Date.now();
      await eventually(
        `the engine to count at least ${minLogs} logs and then nothing more for ${quietMs} ms`,
        async () => {
          const now = await counted();
          if (now !== last) {
            last = now;
            since = Date.now();
          }
          return now >= minLogs && Date.now() - since >= quietMs;
        },
        60_000,
      );
    } else {
      await eventually(
        `the engine to count all ${total} messages`,
        async () => (await counted()) >= total,
        60_000,
      );
    }
    // The last batch's alerts are recorded after its logs are counted: one more tick settles them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = await client.call('engine:status', {});
    const { alerts } = await client.call('alerts:list', {});
    const records = new Map<string, Array<ReadRecord | undefined>>();
    for (const c of options.joined ? [] : cases) {
      const { results } = await client.call('analyze', { logs: c.values.map((v) => v.toString('utf8')) });
      records.set(
        c.name,
        results.map((r) => (r as { record?: ReadRecord }).record),
      );
    }
    return { status, alerts, records, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The analyze results' records of a case, or an error saying the results carry none yet. */
export function recordsOf(reading: EngineReading, name: string): ReadRecord[] {
  const records = reading.records.get(name) ?? [];
  const missing = records.filter((r) => r === undefined).length;
  if (missing > 0) {
    throw new Error(
      `${missing} of ${records.length} analyze results of ${name} carry no \`record\` (the normalised record ` +
        'beside the analysis, issue 15 item 6)',
    );
  }
  return records as ReadRecord[];
}

/**
 * A captured value with what varies between runs and machines masked: clock readings (ISO times,
 * Log4j's epoch seconds and nanos) and the line numbers of Java stack frames (a JDK update moves
 * the `java.base` ones), so that a fresh run can be compared with the committed fixture otherwise
 * byte for byte.
 */
export function withoutTimes(value: Buffer | string): string {
  return String(value)
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, '<time>')
    .replace(/"(epochSecond|nanoOfSecond)":\d+/g, '"$1":0')
    .replace(/\.java:\d+\)/g, '.java:N)')
    .replace(/"line":\d+/g, '"line":0');
}

/** Checks that a fresh capture matches the committed fixtures apart from clock readings. */
export function sameAsCommitted(
  fresh: readonly CapturedCase[],
  committed: ReadonlyMap<string, Pick<CapturedCase, 'values' | 'expected'>>,
): string[] {
  const problems: string[] = [];
  for (const c of fresh) {
    const fixture = committed.get(c.name);
    if (!fixture) {
      problems.push(`${c.name}: no committed fixture`);
      continue;
    }
    const a = c.values.map(withoutTimes);
    const b = fixture.values.map(withoutTimes);
    if (a.length !== b.length) problems.push(`${c.name}: ${a.length} messages now, ${b.length} committed`);
    a.forEach((value, i) => {
      if (b[i] !== undefined && value !== b[i])
        problems.push(`${c.name} #${i}: now ${value.slice(0, 200)} / committed ${b[i].slice(0, 200)}`);
    });
    const untimed = (e: CapturedCase['expected']): string =>
      JSON.stringify(e.map((x) => ({ ...x, time: null })));
    if (untimed(c.expected) !== untimed(fixture.expected))
      problems.push(`${c.name}: the expected readings differ`);
  }
  return problems.slice(0, 20);
}

/** A short description of alerts, for assertion messages. */
export function describeAlerts(alerts: readonly Alert[]): string {
  return JSON.stringify(alerts.map((a) => [a.level, a.trigger, a.service, a.title, a.count]));
}

/** Alerts one of whose samples (the messages Vigil read) contains one of `texts`. */
export function alertsWithSample(alerts: readonly Alert[], ...texts: string[]): Alert[] {
  return alerts.filter((a) => a.samples.some((s) => texts.some((t) => s.includes(t))));
}
