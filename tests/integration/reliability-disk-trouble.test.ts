/**
 * Reliability: the alert-history folder runs out of space mid-stream (a real ENOSPC from a tmpfs
 * of its own when the test may mount one, else an injected one), then recovers. Processing must
 * go on, health must say why it is degraded, and every alert must be on disk after recovery.
 * Uses the shared test broker. Figures: one JSON line; `npm run soak` runs it longer.
 */
import { describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { diskTroubleScenario } from '../reliability/scenarios/disk-trouble';
import { reportLine } from '../reliability/support/figures';

describe('reliability: disk trouble under the alert history', () => {
  it('keeps analyzing while the disk is full, says so in health, and saves everything once it recovers', async () => {
    const result = await diskTroubleScenario({
      brokers: testBrokers(),
      perSecond: 1000,
      fullForMs: 8000,
      alertsAfterRecovery: 20,
      log: (line) => console.log(line),
    });
    console.log(reportLine(result));
    expect(result.failures).toEqual([]);
  }, 420_000);
});
