/**
 * A/B model testing in the alert manager: the arm that decided a log is stamped on the alert it
 * raises, and an engineer's verdict is stored with the alert and its arm, in the on-disk journal.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../../core/alerts/alert-manager';
import { AlertActionError } from '../../core/alerts/alert-store';
import { analysis, record } from './detect-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-alerts-ab-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const diskError = (arm?: string) =>
  analysis({
    templateId: 'disk',
    template: 'disk <*> failed',
    severity: 'error',
    category: 'system',
    ...(arm === undefined ? {} : { arm }),
  });
const log = record({ level: null, service: 'storage', message: 'disk sda failed' });

describe('alert arm and verdict', () => {
  it('stamps the arm of the log that raised the alert; a repeat does not change it', () => {
    const m = new AlertManager();
    expect(m.ingestLog(log, diskError(), 0)!.arm).toBeUndefined();
    m.drainChanged();
    const fresh = new AlertManager();
    expect(fresh.ingestLog(log, diskError('candidate'), 0)!.arm).toBe('candidate');
    // A repeat decided by another arm is the same alert, still the arm that raised it.
    expect(fresh.ingestLog(log, diskError('control'), 1)!.arm).toBe('candidate');
    expect(fresh.drainChanged()[0]).toMatchObject({ arm: 'candidate', count: 2 });
  });

  it('a reopened alert takes the arm of the log that reopened it', () => {
    const m = new AlertManager();
    const alert = m.ingestLog(log, diskError('control'), 0)!;
    m.act({ id: alert.id, action: 'resolve' }, 1);
    expect(m.ingestLog(log, diskError('candidate'), 2)).toMatchObject({ status: 'open', arm: 'candidate' });
  });

  it('stores a verdict with who, when and the arm; a new verdict replaces it; unknown ids are refused', () => {
    const m = new AlertManager();
    const alert = m.ingestLog(log, diskError('candidate'), 0)!;
    const first = m.verdict(alert.id, 'noise', 'alice', 10);
    expect(first.previous).toBeNull();
    expect(first.alert.verdict).toEqual({ verdict: 'noise', at: 10, who: 'alice', arm: 'candidate' });
    const second = m.verdict(alert.id, 'useful', 'bob', 20);
    expect(second.previous).toBe('noise');
    expect(m.list({})[0]!.verdict).toEqual({ verdict: 'useful', at: 20, who: 'bob', arm: 'candidate' });
    expect(() => m.verdict('al-missing', 'noise', 'alice', 30)).toThrow(AlertActionError);
  });

  it('keeps arm and verdict in the journal across a restart', async () => {
    const first = await AlertManager.open({ dir }, {}, 0);
    const alert = first.ingestLog(log, diskError('candidate'), 0)!;
    await first.recordBatch(1);
    first.verdict(alert.id, 'noise', 'alice', 2);
    await first.recordBatch(2);
    await first.close();
    const second = await AlertManager.open({ dir }, {}, 3);
    expect(second.list({})[0]).toMatchObject({
      id: alert.id,
      arm: 'candidate',
      verdict: { verdict: 'noise', at: 2, who: 'alice', arm: 'candidate' },
    });
  });
});
