/**
 * rsyslogd (Debian `rsyslog`) with omkafka (Debian `rsyslog-kafka`), run in the foreground with a
 * generated configuration, forwards syslog lines (sshd, sudo, the kernel, systemd, cron) to the
 * test broker in omkafka's default template and in a JSON template; Vigil's engine consumes both.
 * Checks what rsyslog wrote against the committed fixtures, what Vigil extracted from each message
 * (the analyze result's `record`) and what it alerted: an attack is critical, sudo's alert priority
 * and sshd's `fatal:` connection drop are not crashes, a disk I/O error is reported for the kernel,
 * a normal ext4 mount raises nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { COMPARED_FIELDS, fieldMismatches } from '../fixtures/producers/compare';
import { readCases, type CapturedCase } from '../fixtures/producers/real-fixtures';
import { captureRsyslog } from '../fixtures/producers/scenario-rsyslog';
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
  cases = await captureRsyslog(brokers);
  reading = await readWithEngine(brokers, cases);
});

afterAll(async () => {
  await reading?.close();
});

describe('rsyslogd with omkafka into the test broker', () => {
  it('writes what the committed fixtures hold, apart from the times (re-capture when this changes)', () => {
    expect(sameAsCommitted(cases, new Map(readCases().map((c) => [c.name, c])))).toEqual([]);
  });

  it('every message is analyzed, none counted as an error or a data-quality problem', () => {
    const total = cases.reduce((sum, c) => sum + c.values.length, 0);
    expect(reading.status.stats.processed).toBe(total);
    expect(reading.status.stats.errors).toBe(0);
    expect(reading.status.stats.dataQuality.total).toBe(0);
  });

  for (const name of ['rsyslog/omkafka-default', 'rsyslog/omkafka-json']) {
    it.each(COMPARED_FIELDS)(`${name}: analyze reads %s as the producer means it`, (field) => {
      const c = cases.find((x) => x.name === name)!;
      const records = recordsOf(reading, name);
      expect(
        fieldMismatches(field, records, c.expected, () => ({ topic: 'analyze', kafkaTimestamp: null })),
      ).toEqual([]);
    });
  }

  it('the burst of failed sshd logins is a critical security alert on sshd', () => {
    const attack = reading.alerts.filter((a) => a.trigger === 'security' && a.level === 'critical');
    expect(
      attack.map((a) => a.service),
      describeAlerts(reading.alerts),
    ).toContain('sshd');
  });

  it("sudo's incorrect passwords (authpriv.alert) and sshd's fatal connection drop are not critical crashes", () => {
    const routine = alertsWithSample(reading.alerts, 'incorrect password attempts', 'fatal: Write failed');
    expect(describeAlerts(routine.filter((a) => a.level === 'critical' || a.title.startsWith('Fatal')))).toBe(
      '[]',
    );
  });

  it("the kernel's block I/O error raises a system alert for the kernel", () => {
    const io = alertsWithSample(reading.alerts, 'blk_update_request: I/O error');
    expect(io.length, describeAlerts(reading.alerts)).toBeGreaterThan(0);
    expect(io.map((a) => [a.trigger, a.service])).toContainEqual(['system_error', 'kernel']);
    expect(io.every((a) => a.level !== 'low')).toBe(true);
  });

  it('a normal ext4 mount, a session start and a cron job raise nothing', () => {
    const routine = alertsWithSample(reading.alerts, 'mounted filesystem', 'Started Session', 'CMD (command');
    expect(describeAlerts(routine.filter((a) => a.trigger !== 'anomaly'))).toBe('[]');
  });
});
