/**
 * Python applications (Debian's python3 with python-json-logger and with structlog) log a payment
 * service whose ERRORs carry a real chained traceback (`RuntimeError` raised from a socket read's
 * `TimeoutError: timed out`); kcat ships their lines into the test broker; Vigil's engine consumes
 * them. Checks the bytes against the committed fixtures, what Vigil extracted from each message (the
 * analyze result's `record`), and that the failures are alerted with their root cause.
 */
import { describe, expect, it } from 'vitest';
import { capturePython, PY_ROOT_CAUSE } from '../fixtures/producers/scenario-python';
import { alertsWithSample, describeAlerts } from './producers-engine';
import { sharedProducerChecks, useProducerRun } from './producer-checks';

const run = useProducerRun(capturePython);

describe('Python logging shipped by kcat into the test broker', () => {
  sharedProducerChecks(run, ['python/json-logger', 'python/structlog'], ' (a traceback is normal data)');

  it('the failed payments are a high alert naming the root cause, in the logger (json-logger) or the topic (structlog)', () => {
    const failed = alertsWithSample(run.reading.alerts, 'Payment for order');
    expect(failed.length, describeAlerts(run.reading.alerts)).toBeGreaterThan(0);
    const structlogTopic = run.cases.find((c) => c.name === 'python/structlog')!.topic;
    expect(new Set(failed.map((a) => a.service))).toEqual(new Set(['payments.service', structlogTopic]));
    for (const alert of failed) {
      expect(alert.level, describeAlerts([alert])).toBe('high');
      expect(`${alert.title}\n${alert.reason}`).toContain(PY_ROOT_CAUSE);
    }
  });

  it('the accepted charges raise nothing', () => {
    const routine = alertsWithSample(run.reading.alerts, 'accepted in').filter(
      (a) => a.trigger !== 'anomaly',
    );
    expect(describeAlerts(routine)).toBe('[]');
  });
});
