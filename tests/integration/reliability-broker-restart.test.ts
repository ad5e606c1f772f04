/**
 * Reliability: the Kafka broker dies for 15 s under a steady load and comes back; not one
 * acknowledged log may be lost, and health must show the outage with its reason and clear it.
 * Starts its own broker (it kills it). Figures: one JSON line; `npm run soak` runs it bigger.
 */
import { describe, expect, it } from 'vitest';
import { brokerRestartScenario } from '../reliability/scenarios/broker-restart';
import { reportLine } from '../reliability/support/figures';

describe('reliability: broker restart under load', () => {
  it('analyzes every acknowledged log and reports the outage in health', async () => {
    const result = await brokerRestartScenario({
      logs: 50_000,
      perSecond: 2500,
      outageMs: 15_000,
      outageAfterMs: 4000,
      log: (line) => console.log(line),
    });
    console.log(reportLine(result));
    expect(result.failures).toEqual([]);
  }, 420_000);
});
