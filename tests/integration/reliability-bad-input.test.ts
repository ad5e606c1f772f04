/**
 * Reliability: sixteen kinds of malformed values and a flood of random bytes, mixed into normal
 * traffic through the real broker. Nothing may crash, every malformed value must be counted under
 * its data-quality kind, every normal log analyzed, and memory must stay bounded. Uses the shared
 * test broker. Figures: one JSON line; `npm run soak` runs it bigger.
 */
import { describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { badInputScenario } from '../reliability/scenarios/bad-input';
import { reportLine } from '../reliability/support/figures';

describe('reliability: bad input', () => {
  it('counts every malformed message, analyzes the normal ones around them, and does not crash', async () => {
    const result = await badInputScenario({
      brokers: testBrokers(),
      normalLogs: 20_000,
      perKind: 10,
      oversizedCount: 2,
      randomMessages: 100_000,
    });
    console.log(reportLine(result));
    expect(result.failures).toEqual([]);
  }, 420_000);
});
