/**
 * Sample provenance (issue 18): `Alert.sampleRefs` stays parallel to `Alert.samples` through the
 * sample cap, copies, detector signals, persistence, and alerts loaded from histories written
 * before provenance was kept.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Alert, type SampleRef } from '../../core/contract';
import { AlertHistory } from '../../core/alerts/history';
import { AlertManager } from '../../core/alerts/alert-manager';
import { AlertStore } from '../../core/alerts/alert-store';
import type { AlertCandidate } from '../../core/alerts/candidate';
import { sampleRefOf } from '../../core/alerts/sample-ref';
import { Detectors } from '../../core/detect/detectors';
import { analysis, record } from './detect-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-sample-ref-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const ref = (offset: number): SampleRef => ({
  topic: 'infra',
  partition: 2,
  offset: String(offset),
  time: 1000 + offset,
  host: `node-${offset}`,
  service: 'db',
});

function candidate(n: number, withRef = true): AlertCandidate {
  return {
    rule: 'system-error',
    level: 'medium',
    trigger: 'system_error',
    title: 'System error in db',
    reason: 'A system error was logged.',
    groupKey: 'e7',
    service: 'db',
    topic: 'infra',
    templateId: 'e7',
    template: 'disk <*> failed',
    sample: `disk sd${n} failed`,
    ...(withRef ? { sampleRef: ref(n) } : {}),
  };
}

const offsets = (a: Alert) => a.sampleRefs?.map((r) => Number(r.offset));

describe('sample provenance in the alert store', () => {
  it('keeps one ref per sample, in the same order, through the sample cap', () => {
    const store = new AlertStore({ maxSamples: 5 });
    let alert = store.record(candidate(1), 1);
    expect(alert.sampleRefs).toEqual([ref(1)]);
    for (let n = 2; n <= 7; n++) alert = store.record(candidate(n), n);
    expect(alert.samples).toEqual([3, 4, 5, 6, 7].map((n) => `disk sd${n} failed`));
    expect(offsets(alert)).toEqual([3, 4, 5, 6, 7]);
    expect(Alert.parse(alert)).toEqual(alert);
  });

  it('hands out copies whose refs do not move with the live alert', () => {
    const store = new AlertStore({ maxSamples: 2 });
    store.record(candidate(1), 1);
    const [copy] = store.drainChanged();
    store.record(candidate(2), 2);
    store.record(candidate(3), 3);
    expect(offsets(copy!)).toEqual([1]);
    expect(offsets(store.list({})[0]!)).toEqual([2, 3]);
  });

  it('replaces samples without provenance rather than misalign them', () => {
    const store = new AlertStore({ maxSamples: 5 });
    store.record(candidate(1), 1);
    let alert = store.record(candidate(2, false), 2);
    expect(alert.samples).toHaveLength(2);
    expect(alert.sampleRefs).toBeUndefined();
    alert = store.record(candidate(3), 3);
    expect(alert.samples).toEqual(['disk sd3 failed']);
    expect(offsets(alert)).toEqual([3]);
  });
});

describe('sample provenance through the manager and the history', () => {
  const failedPassword = analysis({
    templateId: 'ssh-fail',
    template: 'Failed password for <*> from <*> port <*> ssh2',
    severity: 'warning',
    category: 'security',
  });
  const sshd = (n: number) =>
    record({
      service: 'sshd',
      topic: 'security',
      partition: 1,
      offset: String(500 + n),
      time: 7000 + n,
      host: 'bastion',
      message: `Failed password for root from 10.0.0.${n} port 22 ssh2`,
    });

  it('takes a log alert sample position from its record', () => {
    const m = new AlertManager();
    const alert = m.ingestLog(sshd(1), failedPassword, 0)!;
    expect(alert.sampleRefs).toEqual([
      { topic: 'security', partition: 1, offset: '501', time: 7001, host: 'bastion', service: 'sshd' },
    ]);
    expect(sampleRefOf(sshd(1))).toEqual(alert.sampleRefs![0]);
  });

  it('takes a detector signal sample position from the log that produced it', () => {
    const detectors = new Detectors({ newTemplate: { warmupMs: 0, warmupLogs: 0 } });
    const m = new AlertManager();
    const log = record({ offset: '42', host: 'web-3', time: 99, message: 'shard 7 went read-only' });
    const signals = detectors.observe(
      log,
      analysis({ templateId: 'ro', template: 'shard <*> went read-only' }),
      1,
    );
    expect(signals.length).toBeGreaterThan(0);
    const alert = m.ingestSignal(signals[0]!, 1, log)!;
    expect(alert.samples).toEqual(['shard 7 went read-only']);
    expect(alert.sampleRefs).toEqual([sampleRefOf(log)]);
  });

  it('persists the refs and reloads them', async () => {
    const first = await AlertManager.open({ dir }, {}, 0);
    first.ingestLog(sshd(1), failedPassword, 0);
    first.ingestLog(sshd(2), failedPassword, 1);
    await first.recordBatch(10);
    await first.close();
    const second = await AlertManager.open({ dir }, {}, 20);
    expect(second.list({}).map(offsets)).toEqual([[501, 502]]);
  });

  it('loads an alert written before refs existed, and its next sample starts the refs', async () => {
    const old = {
      id: 'al-old',
      fingerprint: 'security|ssh-fail|sshd',
      level: 'high',
      trigger: 'security',
      title: 'Failed logins',
      reason: 'r',
      count: 3,
      firstSeen: 0,
      lastSeen: 5,
      status: 'open',
      snoozedUntil: null,
      service: 'sshd',
      topic: 'security',
      templateId: 'ssh-fail',
      template: 'Failed password for <*> from <*> port <*> ssh2',
      samples: ['a', 'b', 'c'],
    };
    const history = new AlertHistory({ dir });
    await history.load(0);
    await history.write({ upserts: [old as Alert], deletes: [] }, () => [old as Alert], 1);
    await history.close();
    const journal = await fsp.readFile(path.join(dir, 'alerts-journal.jsonl'), 'utf8');
    expect(journal).not.toContain('sampleRefs');

    const m = await AlertManager.open({ dir }, {}, 10);
    expect(m.historyStatus()).toMatchObject({ degraded: false, loadProblems: [] });
    const [loaded] = m.list({});
    expect(loaded).toMatchObject({ id: 'al-old', samples: ['a', 'b', 'c'] });
    expect(loaded!.sampleRefs).toBeUndefined();
    const next = m.store.record(
      { ...candidate(9), trigger: 'security', groupKey: 'ssh-fail', service: 'sshd' },
      20,
    );
    expect(next).toMatchObject({ id: 'al-old', count: 4, samples: ['disk sd9 failed'] });
    expect(offsets(next)).toEqual([9]);
  });
});
