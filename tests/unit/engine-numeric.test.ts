/**
 * Numeric signals through the whole engine: JSON logs parsed, mined and classified, their
 * `duration_ms` and `status` fields read, alerts raised and grouped by the alert manager.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartRequest } from '../../core/contract';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { FakeLogSource } from './engine-fake-source';
import { lcg, logNormal, MINUTE } from './detect-numeric-fixtures';

let dataDir: string;
let engine: Engine | null = null;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-numeric-'));
});

afterEach(async () => {
  await engine?.close();
  engine = null;
  await fsp.rm(dataDir, { recursive: true, force: true });
});

describe('Engine with numeric signals', () => {
  it('raises one grouped alert per finding when a service slows down (performance) and fails (system_error)', async () => {
    const start = Date.parse('2026-12-04T10:00:00Z');
    let clock = start;
    const source = new FakeLogSource();
    engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      createSource: () => source,
      now: () => clock,
      tickMs: 3_600_000,
      eventIntervalMs: 3_600_000,
    });
    await engine.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    const random = lcg(42);
    const minute = async (m: number, slow: boolean): Promise<void> => {
      const lines: string[] = [];
      for (let i = 0; i < 120; i++) {
        clock = start + m * MINUTE + i * 500;
        lines.push(
          JSON.stringify({
            ts: new Date(clock).toISOString(),
            level: 'info',
            service: 'checkout',
            msg: 'request completed',
            duration_ms: Math.round(logNormal(random, slow ? 4000 : 60, 0.3)),
            status: slow && i % 2 === 0 ? 503 : 200,
          }),
        );
        if (lines.length === 30) await source.deliver(source.messages(lines.splice(0)));
      }
    };
    for (let m = 0; m < 10; m++) await minute(m, false);
    expect(engine.listAlerts({ trigger: ['performance'] })).toEqual([]);
    await minute(10, true);
    await minute(11, true);

    const perf = engine.listAlerts({ trigger: ['performance'] });
    const titles = perf.map((a) => `${a.level} ${a.title}`).sort();
    // Requests of 4 s are also over the Apdex "frustrating" threshold (2 s): a medium finding of its own.
    expect(titles).toEqual(['high Slower responses in checkout', 'medium Very slow operations in checkout']);
    // Failing answers are a system error, not slowness (docs/detection.md, "Which trigger").
    const failing = engine.listAlerts({ trigger: ['system_error'] }).map((a) => `${a.level} ${a.title}`);
    expect(failing).toEqual(['high Surge of HTTP 5xx answers in checkout']);
    const latency = perf.find((a) => a.title.startsWith('Slower'))!;
    expect(latency.reason).toMatch(
      /^p95 \d+(\.\d)? s over the last minute, usually \d+ ms \(duration_ms of the requests of checkout/,
    );
    expect(latency.count).toBeGreaterThanOrEqual(2); // minute 10 and minute 11: one alert, counted twice
  });
});
