/**
 * Reliability: an alert storm of 100,000 error logs of 50 templates in 10 s through the broker.
 * Alerts must be grouped, notifications held to the policy's cap, and event batches to a listener
 * to a few per second. Uses the shared test broker; waits out the policy's 30 s group wait.
 * Figures: one JSON line; `npm run soak` runs it bigger.
 */
import { describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { alertStormScenario } from '../reliability/scenarios/alert-storm';
import { reportLine } from '../reliability/support/figures';

describe('reliability: alert storm', () => {
  it('groups the storm into a few alerts and holds notifications and event batches to their caps', async () => {
    const result = await alertStormScenario({ brokers: testBrokers(), logs: 100_000, seconds: 10 });
    console.log(reportLine(result));
    expect(result.failures).toEqual([]);
  }, 420_000);
});
