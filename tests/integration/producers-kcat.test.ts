/**
 * kcat (Debian `kcat`) writes go-kit logfmt, Heroku router and nginx access lines into the test
 * broker; Vigil's engine consumes them. Checks that kcat put exactly the committed fixture bytes on
 * Kafka, what Vigil extracted from each message (the analyze result's `record`), and what it alerted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { COMPARED_FIELDS, fieldMismatches } from '../fixtures/producers/compare';
import { readCases, type CapturedCase } from '../fixtures/producers/real-fixtures';
import { captureKcat } from '../fixtures/producers/scenario-kcat';
import {
  alertsWithSample,
  describeAlerts,
  readWithEngine,
  recordsOf,
  type EngineReading,
} from './producers-engine';

const brokers = testBrokers();
let cases: CapturedCase[] = [];
let reading: EngineReading;

beforeAll(async () => {
  cases = await captureKcat(brokers);
  reading = await readWithEngine(brokers, cases);
});

afterAll(async () => {
  await reading?.close();
});

describe('kcat into the test broker', () => {
  it('puts on Kafka exactly the bytes of the committed fixtures (re-capture when this changes)', () => {
    const committed = new Map(readCases().map((c) => [c.name, c]));
    for (const c of cases) {
      const fixture = committed.get(c.name);
      expect(fixture, `no committed fixture ${c.name}`).toBeDefined();
      expect(c.values.map(String)).toEqual(fixture!.values.map(String));
      expect(c.expected).toEqual(fixture!.expected);
    }
  });

  it('every message is analyzed, none counted as an error or a data-quality problem', () => {
    const total = cases.reduce((sum, c) => sum + c.values.length, 0);
    expect(reading.status.stats.processed).toBe(total);
    expect(reading.status.stats.errors).toBe(0);
    expect(reading.status.stats.dataQuality.total).toBe(0);
  });

  for (const name of ['kcat/go-kit-logfmt', 'kcat/heroku-router', 'kcat/nginx-access']) {
    it.each(COMPARED_FIELDS)(`${name}: analyze reads %s as the producer means it`, (field) => {
      const c = cases.find((x) => x.name === name)!;
      const records = recordsOf(reading, name);
      expect(
        fieldMismatches(field, records, c.expected, () => ({ topic: 'analyze', kafkaTimestamp: null })),
      ).toEqual([]);
    });
  }

  it('the Heroku H12 timeouts raise a high performance alert, and no service is named after a duration', () => {
    const h12 = alertsWithSample(reading.alerts, 'H12', 'Request timeout');
    expect(h12.length, describeAlerts(reading.alerts)).toBeGreaterThan(0);
    expect(h12.map((a) => [a.level, a.trigger])).toContainEqual(['high', 'performance']);
    const durations = reading.alerts.filter((a) => a.service !== null && /^\d+ms$/.test(a.service));
    expect(durations.map((a) => a.service)).toEqual([]);
  });

  it("go-kit's failed alert deliveries raise an alert for the notifier component that names the error", () => {
    const notifier = alertsWithSample(reading.alerts, 'Error sending alert');
    expect(notifier.length, describeAlerts(reading.alerts)).toBeGreaterThan(0);
    expect(notifier.map((a) => a.service)).toContain('notifier');
    expect(notifier.some((a) => `${a.title} ${a.reason}`.includes('context deadline exceeded'))).toBe(true);
  });

  it('routine traffic (tsdb block writes, 2xx router and access lines) raises nothing', () => {
    const routine = [...alertsWithSample(reading.alerts, 'write block', 'at=info', 'GET /api/orders')].filter(
      (a) => a.trigger !== 'anomaly',
    );
    expect(describeAlerts(routine)).toBe('[]');
  });
});
