/**
 * Gap-aware baselines against the real broker (tests/reliability/scenarios/gaps.ts): a stop and
 * start of the engine in a steady stream, and a 15 s broker outage followed by the catch-up, raise
 * no volume alert by themselves, while a real spike right after still does. The volume interval
 * is 2 s here (10 s in the engine) so that warm-up and settling fit a short test; the figures are
 * one JSON line each, and `npm run bench -- gaps` runs the same with the engine's intervals.
 */
import { describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { gapScenario } from '../reliability/scenarios/gaps';
import { reportLine } from '../reliability/support/figures';

const SHORT = { perSecond: 300, intervalMs: 2000, beforeMs: 30_000, afterMs: 15_000 };

describe('gaps: volume baselines across a stop and an outage', () => {
  it('a stop and start of the engine raises no volume alert; a real spike after it does', async () => {
    const result = await gapScenario({
      ...SHORT,
      kind: 'stop-start',
      gapMs: 10_000,
      brokers: testBrokers(),
      log: (line) => console.log(line),
    });
    console.log(reportLine(result));
    expect(result.failures).toEqual([]);
  }, 300_000);

  it('a 15 s broker outage and its catch-up raise no volume alert; a real spike after it does', async () => {
    const result = await gapScenario({
      ...SHORT,
      kind: 'broker-outage',
      gapMs: 15_000,
      log: (line) => console.log(line),
    });
    console.log(reportLine(result));
    expect(result.failures).toEqual([]);
  }, 420_000);
});
