import { describe, expect, it } from 'vitest';
import type { Signal } from '../../core/detect/signal';
import {
  activeInstance,
  CALM,
  originOfSignal,
  SIGNAL_GRACE_MS,
  type InstanceWindow,
} from '../eval/incidents/attribution';
import { AlertManager } from '../../core/alerts';
import { AlertRecorder, alertManagerOf } from '../eval/incidents/recording-alerts';
import { makeAnalysis, makeRecord } from './engine-fixtures';

function window(
  start: number,
  end: number,
  templateIds: string[] = [],
  services: string[] = [],
): InstanceWindow {
  return { start, end, templateIds: new Set(templateIds), services: new Set(services) };
}

const WINDOWS = [window(1_000, 2_000, ['t-a'], ['nginx']), window(100_000, 110_000, ['t-b'], ['postgres'])];

function signal(overrides: Partial<Signal> = {}): Signal {
  return {
    kind: 'rate_spike',
    key: 'template:t-b',
    service: 'postgres',
    topic: 'logs',
    templateId: 't-b',
    template: 'ERROR: deadlock detected',
    severity: 'error',
    value: 40,
    baseline: 1,
    message: 'template logged 40 times in 10 s, usually 1',
    sample: 'ERROR:  deadlock detected',
    at: 0,
    ...overrides,
  };
}

describe('activeInstance', () => {
  it('finds the window holding a time, its grace period included, and CALM between windows', () => {
    expect(activeInstance(WINDOWS, 999)).toBe(CALM);
    expect(activeInstance(WINDOWS, 1_000)).toBe(0);
    expect(activeInstance(WINDOWS, 2_000 + SIGNAL_GRACE_MS)).toBe(0);
    expect(activeInstance(WINDOWS, 2_001 + SIGNAL_GRACE_MS)).toBe(CALM);
    expect(activeInstance(WINDOWS, 105_000)).toBe(1);
    expect(activeInstance(WINDOWS, 10_000_000)).toBe(CALM);
    expect(activeInstance([], 5)).toBe(CALM);
  });
});

describe('originOfSignal', () => {
  it('keeps the origin of the incident log that fired the signal', () => {
    expect(originOfSignal(signal(), 0, 105_000, WINDOWS)).toBe(0);
  });

  it('gives a signal fired by a calm log to the running incident when it is about its template', () => {
    expect(originOfSignal(signal(), CALM, 105_000, WINDOWS)).toBe(1);
    expect(originOfSignal(signal({ templateId: 't-other' }), CALM, 105_000, WINDOWS)).toBe(CALM);
  });

  it('matches a service-level signal (no template) by service', () => {
    const spike = signal({ kind: 'error_spike', templateId: null, template: null, service: 'postgres' });
    expect(originOfSignal(spike, CALM, 105_000, WINDOWS)).toBe(1);
    expect(originOfSignal({ ...spike, service: 'redis' }, CALM, 105_000, WINDOWS)).toBe(CALM);
  });

  it('leaves a calm signal outside every window calm, and gives a log-less signal to the running incident', () => {
    expect(originOfSignal(signal(), CALM, 80_000, WINDOWS)).toBe(CALM);
    expect(originOfSignal(signal({ templateId: null }), null, 105_000, WINDOWS)).toBe(1);
    expect(originOfSignal(signal(), null, 80_000, WINDOWS)).toBe(CALM);
  });
});

function recorded(originOf: (offset: string) => number, windows: InstanceWindow[]) {
  const alerts = new AlertManager();
  const recorder = new AlertRecorder(originOf, windows);
  recorder.attach(alerts);
  return { alerts, recorder };
}

describe('AlertRecorder', () => {
  const SSH = 'Failed password for invalid user admin from 203.0.113.9 port 4242 ssh2';

  it('records each occurrence with the origin of the log that caused it, and the alert as the manager left it', () => {
    const windows = [window(0, 10_000)];
    const { alerts, recorder } = recorded((offset) => (offset === '7' ? 0 : CALM), windows);
    const security = makeAnalysis({
      templateId: 't-ssh',
      template: SSH,
      category: 'security',
      severity: 'error',
    });
    const first = alerts.ingestLog(makeRecord(7, { message: SSH, service: 'sshd' }), security, 1_000);
    const second = alerts.ingestLog(makeRecord(8, { message: SSH, service: 'sshd' }), security, 1_500);
    alerts.ingestLog(makeRecord(9, { message: 'all good' }), makeAnalysis(), 1_600); // no alert: not recorded

    expect(first).not.toBeNull();
    expect(recorder.occurrences).toEqual([
      expect.objectContaining({
        at: 1_000,
        alertId: first!.id,
        origin: 0,
        change: 'created',
        trigger: 'security',
      }),
      expect.objectContaining({ at: 1_500, alertId: second!.id, origin: CALM, change: 'repeated' }),
    ]);
    expect(windows[0]!.templateIds).toEqual(new Set(['t-ssh']));
    expect(windows[0]!.services).toEqual(new Set(['sshd']));
  });

  it('gives a signal the origin of the log just ingested, and none after the batch was recorded', async () => {
    const windows = [window(0, 1_000)];
    const { alerts, recorder } = recorded((offset) => (offset === '1' ? 0 : CALM), windows);
    alerts.ingestLog(makeRecord(1), makeAnalysis(), 500);
    alerts.ingestSignal(signal({ templateId: 'unrelated' }), 500);
    await alerts.recordBatch(500);
    alerts.ingestSignal(signal({ templateId: 'unrelated', key: 'template:x' }), 900_000);
    expect(recorder.occurrences.map((o) => o.origin)).toEqual([0, CALM]);
  });

  it("finds the engine's alert manager, and says so clearly when it is not there", () => {
    const manager = new AlertManager();
    expect(alertManagerOf({ alerts: manager })).toBe(manager);
    expect(() => alertManagerOf({})).toThrow(/Engine\.alerts is not an AlertManager/);
  });
});
