/**
 * `npm run bench -- gaps`: volume alerts caused by a gap alone, against a real broker, with the
 * engine's own volume interval (10 s) and warm-up. Two runs of tests/reliability/scenarios/gaps.ts:
 * the engine stopped for 20 s and started again in a steady stream of 300 logs/s, and the broker
 * killed for 15 s and restarted. Targets: 0 and 0 (issue 16). Each run ends with a real spike,
 * whose alert shows the baselines were judging (not blinded) after the gap.
 */
import { gapScenario } from '../reliability/scenarios/gaps';

const RUN = { perSecond: 300, beforeMs: 100_000, afterMs: 40_000 };

export async function benchGaps(log: (line: string) => void): Promise<Record<string, unknown>> {
  const stopStart = await gapScenario({ ...RUN, kind: 'stop-start', gapMs: 20_000, log });
  const outage = await gapScenario({ ...RUN, kind: 'broker-outage', gapMs: 15_000, log });
  const a = stopStart.figures;
  const b = outage.figures;
  return {
    bench: 'gaps',
    alertsCausedByStopStartAlone: a.volumeAlertsCausedByGap,
    alertsCausedByBrokerOutage15sAlone: b.volumeAlertsCausedByGap,
    target: 0,
    realSpikeAlertsAfterStopStart: a.realSpikeAlerts,
    realSpikeAlertsAfterOutage: b.realSpikeAlerts,
    stopStart: a,
    brokerOutage: b,
    failures: [...stopStart.failures, ...outage.failures],
    pass: a.volumeAlertsCausedByGap === 0 && b.volumeAlertsCausedByGap === 0,
  };
}
