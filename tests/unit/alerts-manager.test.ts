import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../../core/alerts/alert-manager';
import { AlertActionError } from '../../core/alerts/alert-store';
import { Detectors } from '../../core/detect/detectors';
import { analysis, record } from './detect-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-alerts-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

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
    message: `Failed password for root from 10.0.0.${n} port 22 ssh2`,
  });

describe('AlertManager', () => {
  it('turns logs into grouped alerts, notifications and UI changes', () => {
    const m = new AlertManager({ policy: { groupWaitMs: 10_000 } });
    expect(m.ingestLog(record(), analysis(), 0)).toBeNull();
    for (let i = 0; i < 3; i++) m.ingestLog(sshd(i), failedPassword, i * 1000);

    const changed = m.drainChanged();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      level: 'high',
      trigger: 'security',
      count: 3,
      service: 'sshd',
      topic: 'security',
    });
    expect(m.drainChanged()).toEqual([]);

    m.tick(5000);
    expect(m.drainNotifications().alerts).toEqual([]);
    m.tick(10_000);
    const { alerts, suppressed } = m.drainNotifications();
    expect([alerts.map((a) => a.count), suppressed]).toEqual([[3], 0]);
    expect(m.counts().byTrigger.security).toBe(1);
  });

  it('takes detector signals through the same path', () => {
    const detectors = new Detectors({ lagGrowth: { growingSamples: 2, floorMessages: 100 } });
    const m = new AlertManager();
    for (const [i, lag] of [50, 200, 400].entries())
      for (const s of detectors.observeLag(lag, i)) m.ingestSignal(s, i);
    expect(m.list({ trigger: ['performance'] })).toMatchObject([
      { level: 'high', title: 'Consumer lag growing', templateId: null },
    ]);
  });

  it('applies actions and refuses bad ones', () => {
    const m = new AlertManager();
    const alert = m.ingestLog(sshd(1), failedPassword, 0)!;
    expect(m.act({ id: alert.id, action: 'ack' }, 1).status).toBe('acknowledged');
    expect(() => m.act({ id: 'al-missing', action: 'resolve' }, 1)).toThrow(AlertActionError);
    expect(m.list({ status: ['acknowledged'] })).toHaveLength(1);
  });

  it('persists per batch and reloads alerts with their state', async () => {
    const first = await AlertManager.open({ dir }, {}, 0);
    const alert = first.ingestLog(sshd(1), failedPassword, 0)!;
    first.ingestLog(
      record({ level: 'fatal', service: 'db' }),
      analysis({ templateId: 'oom', template: 'out of memory', severity: 'error', category: 'system' }),
      5,
    );
    await first.recordBatch(10);
    first.act({ id: alert.id, action: 'snooze', durationMs: 60_000 }, 20);
    await first.recordBatch(20);

    const second = await AlertManager.open({ dir }, {}, 30);
    expect(second.historyStatus()).toMatchObject({ degraded: false, loadProblems: [] });
    const all = second.list({});
    expect(all.map((a) => [a.level, a.trigger, a.snoozedUntil])).toEqual([
      ['critical', 'system_error', null],
      ['high', 'security', 60_020],
    ]);
    // Occurrences after the restart continue the same alert.
    expect(second.ingestLog(sshd(2), failedPassword, 40)).toMatchObject({ id: alert.id, count: 2 });
  });

  it('keeps working in memory when the data dir is unusable', async () => {
    const blocker = path.join(dir, 'file');
    await fsp.writeFile(blocker, '');
    const m = await AlertManager.open({ dir: path.join(blocker, 'alerts') }, {}, 0);
    m.ingestLog(sshd(1), failedPassword, 0);
    await expect(m.recordBatch(1)).resolves.toBeUndefined();
    expect(m.historyStatus()?.degraded).toBe(true);
    expect(m.list({})).toHaveLength(1);
  });
});
