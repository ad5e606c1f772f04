/**
 * rsyslogd (Debian `rsyslog`) with omkafka (Debian `rsyslog-kafka`), run in the foreground with a
 * generated configuration, forwards syslog lines (sshd, sudo, the kernel, systemd, cron) to the
 * test broker in omkafka's default template and in a JSON template; Vigil's engine consumes both.
 * Checks what rsyslog wrote against the committed fixtures, what Vigil extracted from each message
 * (the analyze result's `record`) and what it alerted: an attack is critical, sudo's alert priority
 * and sshd's `fatal:` connection drop are not crashes, a disk I/O error is reported for the kernel,
 * a normal ext4 mount raises nothing.
 */
import { describe, expect, it } from 'vitest';
import { captureRsyslog } from '../fixtures/producers/scenario-rsyslog';
import { alertsWithSample, describeAlerts } from './producers-engine';
import { sharedProducerChecks, useProducerRun } from './producer-checks';

const run = useProducerRun(captureRsyslog);

describe('rsyslogd with omkafka into the test broker', () => {
  sharedProducerChecks(run, ['rsyslog/omkafka-default', 'rsyslog/omkafka-json']);

  it('the burst of failed sshd logins is a critical security alert on sshd', () => {
    const attack = run.reading.alerts.filter((a) => a.trigger === 'security' && a.level === 'critical');
    expect(
      attack.map((a) => a.service),
      describeAlerts(run.reading.alerts),
    ).toContain('sshd');
  });

  it("sudo's incorrect passwords (authpriv.alert) and sshd's fatal connection drop are not critical crashes", () => {
    const routine = alertsWithSample(
      run.reading.alerts,
      'incorrect password attempts',
      'fatal: Write failed',
    );
    expect(describeAlerts(routine.filter((a) => a.level === 'critical' || a.title.startsWith('Fatal')))).toBe(
      '[]',
    );
  });

  it("the kernel's block I/O error raises a system alert for the kernel", () => {
    const io = alertsWithSample(run.reading.alerts, 'blk_update_request: I/O error');
    expect(io.length, describeAlerts(run.reading.alerts)).toBeGreaterThan(0);
    expect(io.map((a) => [a.trigger, a.service])).toContainEqual(['system_error', 'kernel']);
    expect(io.every((a) => a.level !== 'low')).toBe(true);
  });

  it('a normal ext4 mount, a session start and a cron job raise nothing', () => {
    const routine = alertsWithSample(
      run.reading.alerts,
      'mounted filesystem',
      'Started Session',
      'CMD (command',
    );
    expect(describeAlerts(routine.filter((a) => a.trigger !== 'anomaly'))).toBe('[]');
  });
});
