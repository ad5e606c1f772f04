/**
 * kcat (Debian `kcat`) writes go-kit logfmt, Heroku router and nginx access lines into the test
 * broker; Vigil's engine consumes them. Checks that kcat put exactly the committed fixture bytes on
 * Kafka, what Vigil extracted from each message (the analyze result's `record`), and what it alerted.
 */
import { describe, expect, it } from 'vitest';
import { readCases } from '../fixtures/producers/real-fixtures';
import { captureKcat } from '../fixtures/producers/scenario-kcat';
import { alertsWithSample, describeAlerts } from './producers-engine';
import { sharedProducerChecks, useProducerRun } from './producer-checks';

const run = useProducerRun(captureKcat);

describe('kcat into the test broker', () => {
  sharedProducerChecks(run, ['kcat/go-kit-logfmt', 'kcat/heroku-router', 'kcat/nginx-access']);

  it('puts on Kafka exactly the bytes of the committed fixtures (re-capture when this changes)', () => {
    const committed = new Map(readCases().map((c) => [c.name, c]));
    for (const c of run.cases) {
      const fixture = committed.get(c.name);
      expect(fixture, `no committed fixture ${c.name}`).toBeDefined();
      expect(c.values.map(String)).toEqual(fixture!.values.map(String));
      expect(c.expected).toEqual(fixture!.expected);
    }
  });

  it('the Heroku H12 timeouts raise a high performance alert, and no service is named after a duration', () => {
    const h12 = alertsWithSample(run.reading.alerts, 'H12', 'Request timeout');
    expect(h12.length, describeAlerts(run.reading.alerts)).toBeGreaterThan(0);
    expect(h12.map((a) => [a.level, a.trigger])).toContainEqual(['high', 'performance']);
    const durations = run.reading.alerts.filter((a) => a.service !== null && /^\d+ms$/.test(a.service));
    expect(durations.map((a) => a.service)).toEqual([]);
  });

  it("go-kit's failed alert deliveries raise an alert for the notifier component that names the error", () => {
    const notifier = alertsWithSample(run.reading.alerts, 'Error sending alert');
    expect(notifier.length, describeAlerts(run.reading.alerts)).toBeGreaterThan(0);
    expect(notifier.map((a) => a.service)).toContain('notifier');
    expect(notifier.some((a) => `${a.title} ${a.reason}`.includes('context deadline exceeded'))).toBe(true);
  });

  it('routine traffic (tsdb block writes, 2xx router and access lines) raises nothing', () => {
    const routine = [
      ...alertsWithSample(run.reading.alerts, 'write block', 'at=info', 'GET /api/orders'),
    ].filter((a) => a.trigger !== 'anomaly');
    expect(describeAlerts(routine)).toBe('[]');
  });
});
