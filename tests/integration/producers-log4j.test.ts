/**
 * Log4j 2's KafkaAppender (Maven Central: log4j-core, log4j-layout-template-json, kafka-clients)
 * writes a payment service's logs into the test broker through three layouts: the stock
 * EcsLayout.json, the same with `service.name`, and the stock JsonLayout.json. One JVM run feeds
 * all three topics. Its ERRORs carry a real `java.net.SocketTimeoutException: Read timed out`
 * wrapped twice and thrown about 80 frames deep (6 KB stack traces). Checks the bytes against the
 * committed fixtures, what Vigil extracted from each message (the analyze result's `record`), and
 * that the timeouts are alerted as what they are, in the service that logged them.
 */
import { describe, expect, it } from 'vitest';
import { captureLog4j, SERVICE_LOGGER } from '../fixtures/producers/scenario-log4j';
import { alertsWithSample, describeAlerts } from './producers-engine';
import { sharedProducerChecks, useProducerRun } from './producer-checks';

const run = useProducerRun(captureLog4j);

describe("Log4j 2's KafkaAppender into the test broker", () => {
  sharedProducerChecks(
    run,
    [
      'log4j/kafka-appender-ecs-layout',
      'log4j/kafka-appender-ecs-layout-service-name',
      'log4j/kafka-appender-json-layout',
    ],
    ' (a stack trace is normal data)',
  );

  it('its ERRORs carry whole multi-kilobyte stack traces with the root cause as the last "Caused by"', () => {
    const ecs = run.cases.find((c) => c.name === 'log4j/kafka-appender-ecs-layout')!;
    const traces = ecs.values
      .map((v) => (JSON.parse(v.toString('utf8')) as Record<string, unknown>)['error.stack_trace'])
      .filter((t): t is string => typeof t === 'string' && t.includes('Caused by:'));
    expect(traces.length).toBe(40);
    for (const trace of traces) {
      expect(trace.length).toBeGreaterThan(4096);
      expect(trace.match(/\n\tat /g)?.length ?? 0).toBeGreaterThan(80);
      expect(trace.slice(trace.lastIndexOf('Caused by: '))).toMatch(
        /^Caused by: java\.net\.SocketTimeoutException: Read timed out\n/,
      );
    }
  });

  it('the failed payments are a high alert in the logging service titled with the root cause', () => {
    const failed = alertsWithSample(run.reading.alerts, 'Payment for order');
    expect(failed.length, describeAlerts(run.reading.alerts)).toBeGreaterThan(0);
    // ECS without service.name and JsonLayout: the logger; ECS with service.name: payments.
    expect(new Set(failed.map((a) => a.service))).toEqual(new Set([SERVICE_LOGGER, 'payments']));
    for (const alert of failed) {
      expect(alert.level, describeAlerts([alert])).toBe('high');
      expect(`${alert.title}\n${alert.reason}`).toContain('SocketTimeoutException: Read timed out');
    }
  });

  it('the accepted charges raise nothing', () => {
    const routine = alertsWithSample(run.reading.alerts, 'accepted in').filter(
      (a) => a.trigger !== 'anomaly',
    );
    expect(describeAlerts(routine)).toBe('[]');
  });
});
