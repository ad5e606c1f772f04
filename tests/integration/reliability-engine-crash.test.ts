/**
 * Reliability: the engine process is SIGKILLed mid-stream and started again with the same data
 * dir and consumer group; no log and no alert may be lost, an acknowledged alert stays
 * acknowledged, and re-analysis stays within one batch per partition. Uses the shared test broker.
 * Figures: one JSON line; `npm run soak` runs it bigger.
 */
import { describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { engineCrashScenario } from '../reliability/scenarios/engine-crash';
import { reportLine } from '../reliability/support/figures';

describe('reliability: engine crash and resume', () => {
  it('loses no log and no alert across a SIGKILL of the engine process', async () => {
    const result = await engineCrashScenario({
      brokers: testBrokers(),
      logs: 50_000,
      perSecond: 2500,
      killAtShare: 0.3,
      log: (line) => console.log(line),
    });
    console.log(reportLine(result));
    expect(result.failures).toEqual([]);
  }, 420_000);
});
