/**
 * The engine's feed of the gap-aware baselines (core/engine/engine-start.ts, engine.ts and
 * housekeeping.ts → core/detect/gaps.ts), on a virtual clock with a test source: a stop and start
 * with nothing produced meanwhile (the demo's case in issue 16: 32 "Unusual volume" alerts in 13 s)
 * raises no volume alert, while a real spike later does. tests/unit/detect-gaps.test.ts shows that a
 * detector told nothing fires here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StartRequest, type Alert } from '../../core/contract';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import type { RawMessage } from '../../core/ingest/source';
import { FakeLogSource } from './engine-fake-source';

const SERVICES = ['checkout', 'auth', 'payments', 'search', 'inventory'];
const MESSAGES: ReadonlyArray<(n: number) => string> = [
  (n) => `order placed items=${(n % 7) + 1} duration_ms=${n % 89}`,
  (n) => `session refreshed for user u${n % 500}`,
  (n) => `GET /api/items/${n % 1000} 200`,
];
const T0 = Date.UTC(2026, 11, 5, 8, 0, 0);
const STEP = 500;
const VOLUME = new Set([
  'builtin.signal.rate_spike',
  'builtin.signal.error_spike',
  'builtin.signal.lag_growth',
]);

function ecs(time: number, service: string, message: string): string {
  return JSON.stringify({
    '@timestamp': new Date(time).toISOString(),
    'log.level': 'info',
    'service.name': service,
    'host.name': `${service}-1`,
    message,
  });
}

let dataDir = '';
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('engine: volume baselines across a stop and start', () => {
  it('a stop and start raises no volume alert; a real spike afterwards does', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-engine-gaps-'));
    let now = T0;
    const source = new FakeLogSource('demo');
    const e = (engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      createSource: () => source,
      now: () => now,
      tickMs: 3_600_000,
      eventIntervalMs: 3_600_000,
    }));
    const tick = (e as unknown as { tick: () => void }).tick.bind(e);
    let offset = 0;
    let n = 0;
    /** `seconds` of steady traffic (30 logs/s per service), plus `extra(t)` lines per step. */
    const run = async (seconds: number, extra: (t: number) => string[] = () => []): Promise<void> => {
      for (let k = 0; k < (seconds * 1000) / STEP; k++) {
        now += STEP;
        const lines: string[] = [];
        for (let i = 0; i < 75; i++, n++)
          lines.push(ecs(now, SERVICES[n % 5]!, MESSAGES[Math.floor(n / 5) % 3]!(n)));
        lines.push(...extra(now));
        const batch: RawMessage[] = lines.map((v) => ({
          topic: 'app',
          partition: 0,
          offset: String(offset++),
          timestamp: now,
          key: null,
          value: Buffer.from(v),
        }));
        await source.deliver(batch);
        tick();
      }
    };
    const volume = (): Alert[] => e.listAlerts({}).filter((a) => VOLUME.has(a.rule?.id ?? ''));

    await e.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    await run(120);
    await e.stop();
    now += 10 * 60_000; // ten minutes stopped; the demo produces nothing meanwhile
    await e.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    await run(90);
    expect(volume()).toEqual([]);
    expect(e.detectorStats().gaps.opened).toBe(2);

    // A retry storm in payments: one of its templates at ten times its rate for 20 s.
    await run(20, (t) => Array.from({ length: 50 }, (_, i) => ecs(t, 'payments', MESSAGES[0]!(i))));
    expect(volume().map((a) => [a.title, a.service])).toEqual([
      ['Unusual volume of "order placed items=<*> duration_ms=<*>" in payments', 'payments'],
    ]);
  }, 60_000); // about 40,000 logs through the real engine: seconds on a loaded machine
});
