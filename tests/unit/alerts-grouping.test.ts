/**
 * Alerts know where they happened and never merge unrelated sources (core/alerts/group-key.ts,
 * alert-location.ts, core/rules/group-by.ts). Real lines: Loghub's OpenSSH sample (host LabSZ,
 * sshd) and Linux sample (host combo: sshd(pam_unix), su(pam_unix), gdm(pam_unix)), parsed, mined
 * and judged by the shipped rule pack (or the built-in rules) as the engine does.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/contract';
import { MAX_LOCATION_VALUES } from '../../core/contract';
import { AlertManager } from '../../core/alerts/alert-manager';
import { OTHER_LOCATION, countLocation } from '../../core/alerts/alert-location';
import { groupService, loadRuleSet, parseRuleText, RuleEngine } from '../../core/rules';
import { rawLines } from '../fixtures/loghub';
import { feedLines, T0 } from './alerts-feed';

const shipped = loadRuleSet({ sigmaDir: null });

/** Feeds lines one second apart through parse → miner → the alert manager; returns its alerts. */
function feed(lines: readonly string[], manager: AlertManager, topic = 'syslog'): Alert[] {
  feedLines(lines, manager, topic);
  return manager.list({});
}

const withPack = (engine = new RuleEngine(shipped.rules)): AlertManager =>
  new AlertManager({ ruleEngine: engine });

const failedPasswords = rawLines('OpenSSH')
  .filter((l) => l.includes('Failed password'))
  .slice(0, 30);

function bruteForce(alerts: readonly Alert[]): Alert[] {
  return alerts.filter((a) => a.level === 'critical' && a.title.startsWith('Possible brute-force'));
}

describe('alert grouping by host', () => {
  it('sshd attacks on two hosts are two alerts, each naming its host', () => {
    // The same real attack lines, as logged by two hosts (only the syslog host name differs).
    const second = failedPasswords.map((l) => l.replace(' LabSZ ', ' bastion-2 '));
    const interleaved = failedPasswords.flatMap((l, i) => [l, second[i]!]);
    const alerts = bruteForce(feed(interleaved, withPack()));
    expect(alerts.map((a) => a.host).sort()).toEqual(['LabSZ', 'bastion-2']);
    for (const a of alerts) {
      expect(a.hosts).toEqual([{ value: a.host, count: a.count }]);
      expect(a.services).toEqual([{ value: 'sshd', count: a.count }]);
      expect(a.topics).toEqual([{ value: 'syslog', count: a.count }]);
      expect(a.groupBy).toEqual(['rule', 'service', 'host']);
    }
  });

  it('counts the threshold per host: ten failures spread over two hosts are no attack', () => {
    const five = failedPasswords.slice(0, 5);
    const lines = five.flatMap((l) => [l, l.replace(' LabSZ ', ' bastion-2 ')]);
    expect(bruteForce(feed(lines, withPack()))).toEqual([]);
    // Control: the same ten lines on one host are an attack.
    expect(bruteForce(feed(failedPasswords.slice(0, 10), withPack()))).toHaveLength(1);
  });

  it('a rule may state its grouping in YAML: per service only merges the two hosts', () => {
    const spec = shipped.loaded.find((r) => r.spec.id === 'sshd.brute-force')!.spec;
    const yaml = JSON.stringify({ family: 'test', rules: [{ ...spec, groupBy: ['service'] }] });
    const loaded = parseRuleText(yaml, 'per-service.json', 'user');
    expect(loaded.refused).toEqual([]);
    const engine = new RuleEngine(loaded.rules.map((r) => r.compiled));
    const lines = failedPasswords.flatMap((l) => [l, l.replace(' LabSZ ', ' bastion-2 ')]);
    const [alert, ...rest] = bruteForce(feed(lines, withPack(engine)));
    expect(rest).toEqual([]);
    expect(alert!.groupBy).toEqual(['rule', 'service']);
    expect(alert!.hosts!.map((h) => h.value).sort()).toEqual(['LabSZ', 'bastion-2']);
  });
});

describe('PAM sub-modules', () => {
  it('normalises sshd(pam_unix) to sshd, and nothing else', () => {
    expect(groupService('sshd(pam_unix)')).toBe('sshd');
    expect(groupService('su(pam_unix)')).toBe('su');
    expect(groupService('sshd')).toBe('sshd');
    expect(groupService('java(main)')).toBe('java(main)');
    expect(groupService(null)).toBeNull();
  });

  it('sshd and sshd(pam_unix) failures of one attack on one host are one alert', () => {
    // Linux sample (host combo): PAM's lines for the attack from 218.188.2.4; and sshd's own
    // "Failed password" lines (OpenSSH sample), as the same host logs them.
    const pam = rawLines('Linux').filter(
      (l) => l.includes('sshd(pam_unix)') && l.includes('authentication failure'),
    );
    const sshd = failedPasswords.slice(0, 12).map((l) => l.replace(' LabSZ ', ' combo '));
    const lines = pam.slice(0, 12).flatMap((l, i) => [l, sshd[i]!]);
    const alerts = bruteForce(feed(lines, withPack()));
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.service).toBe('sshd');
    expect(a.host).toBe('combo');
    expect(a.services!.map((s) => s.value).sort()).toEqual(['sshd', 'sshd(pam_unix)']);
    // Control: without the normalisation these would have been two alerts (two services).
    expect(new Set(lines.map((l) => /combo (\S+?)\[/.exec(l)![1])).size).toBe(2);
  });

  it('sshd, su and gdm failures on one host are not one brute-force alert (built-in rules)', () => {
    const linux = rawLines('Linux').filter((l) => l.includes('authentication failure'));
    const alerts = feed(linux, new AlertManager());
    const burst = alerts.filter((a) => a.title.startsWith('Possible brute-force'));
    expect(burst.length).toBeGreaterThan(0);
    for (const a of alerts) {
      // Each alert holds one service (PAM sub-modules folded) on one host.
      expect(new Set(a.services!.map((s) => groupService(s.value))).size).toBe(1);
      expect(a.hosts!.length).toBe(1);
    }
    const services = new Set(alerts.map((a) => a.service));
    expect(services.size).toBeGreaterThan(1);
  });
});

describe('alert location counts', () => {
  it('are bounded to MAX_LOCATION_VALUES, the rest counted in (other), busiest first', () => {
    const alert = { hosts: [], services: [], topics: [] } as unknown as Alert;
    const c = (host: string) => ({ host, service: 'api', topic: 'logs' }) as never;
    for (let i = 0; i < 30; i++) countLocation(alert, c(`h${i}`), false);
    for (let i = 0; i < 5; i++) countLocation(alert, c('h7'), false);
    expect(alert.hosts).toHaveLength(MAX_LOCATION_VALUES);
    expect(alert.hosts![0]).toEqual({ value: 'h7', count: 6 });
    expect(alert.hosts![MAX_LOCATION_VALUES - 1]).toEqual({ value: OTHER_LOCATION, count: 11 });
    expect(alert.hosts!.reduce((n, h) => n + h.count, 0)).toBe(35);
    expect(alert.host).toBe('h7');
    expect(alert.services).toEqual([{ value: 'api', count: 35 }]);
  });
});

describe('volume alerts name their stream', () => {
  const spike = {
    kind: 'rate_spike' as const,
    key: 'template:t1@x',
    templateId: 't1',
    template: 'retrying <*>',
    severity: 'info' as const,
    value: 300,
    baseline: 20,
    message: 'Pattern "retrying <*>" logged 300 times in 10 s, usual 20.0 ± 4.5 per interval.',
    sample: 'retrying 42',
    at: T0,
  };

  it('by service, else host, else topic, in the title and the fields', () => {
    const m = new AlertManager();
    const a = m.ingestSignal({ ...spike, service: 'api', host: 'web-1', topic: 'logs' }, T0)!;
    expect(a.title).toBe('Unusual volume of "retrying <*>" in api');
    expect([a.service, a.host, a.topic]).toEqual(['api', 'web-1', 'logs']);
    expect(a.groupBy).toEqual(['template', 'service']);
    const byHost = m.ingestSignal(
      { ...spike, key: 'template:t1@web-2', service: null, host: 'web-2', topic: 'logs' },
      T0,
    )!;
    expect(byHost.title).toBe('Unusual volume of "retrying <*>" in web-2');
    const byTopic = m.ingestSignal(
      { ...spike, key: 'template:t1@topic app-logs', service: null, host: null, topic: 'app-logs' },
      T0,
    )!;
    expect(byTopic.title).toBe('Unusual volume of "retrying <*>" in topic app-logs');
    expect(byTopic.topics).toEqual([{ value: 'app-logs', count: 1 }]);
  });
});
