/**
 * Issue 19: alert states for the cluster-incident tests, as the owning analyzer's fold writes them
 * (core/cluster/fold.ts: two pieces of evidence, the first and the last occurrence), with real
 * lines of the Loghub OpenSSH and Linux samples (data/loghub/) as their samples.
 */
import type { AlertLevel } from '../../core/contract';
import { foldEvidence, type AlertState } from '../../core/cluster/fold';
import { rawLines } from '../fixtures/loghub';

export const MINUTE = 60_000;
export const T0 = Date.UTC(2026, 11, 5, 6, 0, 0);
const SSH = rawLines('OpenSSH');
const LINUX = rawLines('Linux');
const line = (lines: string[], needle: string) => lines.find((l) => l.includes(needle))!;

/** Real lines: one attacker's pam_unix and sshd failures, another address, and a Linux kernel error. */
const PAM_173 = line(
  SSH,
  'authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186',
);
const SSHD_173 = line(SSH, 'Failed password for invalid user webmaster from 173.234.31.186');
export const SSHD_52 = line(SSH, 'Failed password for invalid user test9 from 52.80.34.196');
export const KERNEL = line(LINUX, 'kernel');

export interface Spec {
  fingerprint: string;
  level: AlertLevel;
  title: string;
  service: string;
  template: string;
  sample: string;
  start: number;
  end: number;
}

export const pam = (start: number, end = start + MINUTE): Spec => ({
  fingerprint: 'security|rule:sshd.auth-failure|sshd',
  level: 'high',
  title: 'Authentication failures on sshd(pam_unix)',
  service: 'sshd',
  template: 'pam_unix(sshd:auth): authentication failure; logname= uid=<*> euid=<*> tty=ssh ruser= rhost=<*>',
  sample: PAM_173,
  start,
  end,
});
export const sshd = (start: number, sample = SSHD_173, end = start + MINUTE): Spec => ({
  fingerprint: `security|rule:sshd.brute-force|sshd|${sample === SSHD_173 ? 'a' : 'b'}`,
  level: 'critical',
  title: 'Possible brute-force attack on sshd',
  service: 'sshd',
  template: 'Failed password for invalid user <*> from <*> port <*> ssh2',
  sample,
  start,
  end,
});
export const kernel = (start: number, end = start + MINUTE): Spec => ({
  fingerprint: 'system_error|template:kernel|linux-kernel',
  level: 'medium',
  title: 'Errors in linux-kernel',
  service: 'linux-kernel',
  template: KERNEL.replace(/\d+/g, '<*>'),
  sample: KERNEL,
  start,
  end,
});

/** The state the owning analyzer's fold writes for this alert (two pieces of evidence: start, end). */
export function state(spec: Spec): AlertState {
  const evidence = (at: number) => ({
    v: 1 as const,
    fingerprint: spec.fingerprint,
    level: spec.level,
    trigger: spec.level === 'medium' ? ('system_error' as const) : ('security' as const),
    title: spec.title,
    reason: spec.title,
    service: spec.service,
    topic: 'logs',
    templateId: null,
    template: spec.template,
    rule: null,
    count: 1,
    firstSeen: at,
    lastSeen: at,
    samples: [{ time: at, text: spec.sample }],
  });
  return foldEvidence(foldEvidence(null, evidence(spec.start)), evidence(spec.end));
}
