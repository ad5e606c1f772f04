/**
 * Python applications (Debian's python3 with python-json-logger and with structlog) log a payment
 * service whose ERRORs carry a real chained traceback (`RuntimeError` raised from a socket read's
 * `TimeoutError: timed out`); kcat ships their lines into the test broker; Vigil's engine consumes
 * them. Checks the bytes against the committed fixtures, what Vigil extracted from each message (the
 * analyze result's `record`), and that the failures are alerted with their root cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { COMPARED_FIELDS, fieldMismatches } from '../fixtures/producers/compare';
import { readCases, type CapturedCase } from '../fixtures/producers/real-fixtures';
import { capturePython, PY_ROOT_CAUSE } from '../fixtures/producers/scenario-python';
import {
  alertsWithSample,
  describeAlerts,
  readWithEngine,
  recordsOf,
  sameAsCommitted,
  type EngineReading,
} from './producers-engine';

const brokers = testBrokers();
let cases: CapturedCase[] = [];
let reading: EngineReading;

beforeAll(async () => {
  cases = await capturePython(brokers);
  reading = await readWithEngine(brokers, cases);
});

afterAll(async () => {
  await reading?.close();
});

describe('Python logging shipped by kcat into the test broker', () => {
  it('writes what the committed fixtures hold, apart from the times (re-capture when this changes)', () => {
    expect(sameAsCommitted(cases, new Map(readCases().map((c) => [c.name, c])))).toEqual([]);
  });

  it('every message is analyzed, none counted as an error or a data-quality problem (a traceback is normal data)', () => {
    const total = cases.reduce((sum, c) => sum + c.values.length, 0);
    expect(reading.status.stats.processed).toBe(total);
    expect(reading.status.stats.errors).toBe(0);
    expect(reading.status.stats.dataQuality.byKind).toEqual({});
  });

  for (const name of ['python/json-logger', 'python/structlog']) {
    it.each(COMPARED_FIELDS)(`${name}: analyze reads %s as the producer means it`, (field) => {
      const c = cases.find((x) => x.name === name)!;
      const records = recordsOf(reading, name);
      expect(
        fieldMismatches(field, records, c.expected, () => ({ topic: 'analyze', kafkaTimestamp: null })),
      ).toEqual([]);
    });
  }

  it('the failed payments are a high alert naming the root cause, in the logger (json-logger) or the topic (structlog)', () => {
    const failed = alertsWithSample(reading.alerts, 'Payment for order');
    expect(failed.length, describeAlerts(reading.alerts)).toBeGreaterThan(0);
    const structlogTopic = cases.find((c) => c.name === 'python/structlog')!.topic;
    expect(new Set(failed.map((a) => a.service))).toEqual(new Set(['payments.service', structlogTopic]));
    for (const alert of failed) {
      expect(alert.level, describeAlerts([alert])).toBe('high');
      expect(`${alert.title}\n${alert.reason}`).toContain(PY_ROOT_CAUSE);
    }
  });

  it('the accepted charges raise nothing', () => {
    const routine = alertsWithSample(reading.alerts, 'accepted in').filter((a) => a.trigger !== 'anomaly');
    expect(describeAlerts(routine)).toBe('[]');
  });
});
