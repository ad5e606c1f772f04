import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, VigilApi } from '../../core/contract';
import { INITIAL_ALERTS, useAlertsStore } from '../../renderer/src/stores/alerts';
import { createBatchSequencer, digestBatch, missedBatches } from '../../renderer/src/stores/dispatch';
import { INITIAL_LOGS, useLogsStore } from '../../renderer/src/stores/logs';
import { INITIAL_MODELS, useModelsStore } from '../../renderer/src/stores/models';
import { INITIAL_PATTERNS, usePatternsStore } from '../../renderer/src/stores/patterns';
import { INITIAL_SETTINGS, useSettingsStore } from '../../renderer/src/stores/settings';
import { INITIAL_STATUS, useStatusStore } from '../../renderer/src/stores/status';
import { INITIAL_UI, useUiStore } from '../../renderer/src/stores/ui';
import { createResync, runCommand, setApi } from '../../renderer/src/transport/session';
import { alert, batch, engineStatus, liveLog, modelStatus, pattern } from './renderer-fixtures';

function resetStores(): void {
  useAlertsStore.setState(INITIAL_ALERTS, true);
  useLogsStore.setState(INITIAL_LOGS, true);
  useModelsStore.setState(INITIAL_MODELS, true);
  usePatternsStore.setState(INITIAL_PATTERNS, true);
  useSettingsStore.setState(INITIAL_SETTINGS, true);
  useStatusStore.setState(INITIAL_STATUS, true);
  useUiStore.setState(INITIAL_UI, true);
}

/** Counts store notifications, i.e. the re-renders a subscribed view would do. */
function countUpdates(store: { subscribe: (listener: () => void) => () => void }): { count: number } {
  const counter = { count: 0 };
  store.subscribe(() => counter.count++);
  return counter;
}

describe('digestBatch', () => {
  it('merges upserts and samples in order and keeps only the last snapshot of status, patterns and models', () => {
    const digest = digestBatch(
      batch(1, [
        { type: 'status', status: engineStatus({ running: false }) },
        { type: 'logs', logs: [liveLog({ offset: '1' })], dropped: 2 },
        { type: 'alerts', alerts: [alert({ id: 'a' })] },
        { type: 'logs', logs: [liveLog({ offset: '2' })], dropped: 3 },
        { type: 'status', status: engineStatus({ running: true }) },
        { type: 'alerts', alerts: [alert({ id: 'b' })] },
        { type: 'notify', alerts: [alert({ id: 'a' })], suppressed: 4 },
        { type: 'patterns', patterns: [pattern({ templateId: 'p1' })] },
        { type: 'patterns', patterns: [pattern({ templateId: 'p2' })] },
      ]),
    );
    expect(digest.status?.running).toBe(true);
    expect(digest.logs.map((log) => log.offset)).toEqual(['1', '2']);
    expect(digest.notSampled).toBe(5);
    expect(digest.alerts.map((a) => a.id)).toEqual(['a', 'b']);
    expect(digest.notify).toHaveLength(1);
    expect(digest.suppressed).toBe(4);
    expect(digest.models).toBeNull();
    expect(digest.patterns?.map((p) => p.templateId)).toEqual(['p2']);
  });
});

describe('missedBatches', () => {
  it('is false for the first batch and consecutive ones, true for a jump or a restart', () => {
    expect(missedBatches(null, 17)).toBe(false);
    expect(missedBatches(4, 5)).toBe(false);
    expect(missedBatches(4, 7)).toBe(true);
    expect(missedBatches(40, 1)).toBe(true);
  });
});

describe('batch sequencer', () => {
  beforeEach(resetStores);

  it('updates each store once per batch, however many events it carries', () => {
    const updates = {
      alerts: countUpdates(useAlertsStore),
      logs: countUpdates(useLogsStore),
      status: countUpdates(useStatusStore),
      patterns: countUpdates(usePatternsStore),
      models: countUpdates(useModelsStore),
    };
    const sequencer = createBatchSequencer(() => undefined);
    sequencer.apply(
      batch(1, [
        { type: 'status', status: engineStatus() },
        { type: 'alerts', alerts: [alert({ id: 'a' })] },
        { type: 'alerts', alerts: [alert({ id: 'b' }), alert({ id: 'c' })] },
        { type: 'logs', logs: [liveLog(), liveLog()], dropped: 0 },
        { type: 'logs', logs: [liveLog()], dropped: 7 },
        { type: 'patterns', patterns: [pattern({ templateId: 'old' })] },
        { type: 'patterns', patterns: [pattern({ templateId: 'x' }), pattern({ templateId: 'y' })] },
        { type: 'models', models: modelStatus() },
      ]),
    );
    expect(
      Object.fromEntries(Object.entries(updates).map(([name, counter]) => [name, counter.count])),
    ).toEqual({
      alerts: 1,
      logs: 1,
      status: 1,
      patterns: 1,
      models: 1,
    });
    expect(useAlertsStore.getState().byId.size).toBe(3);
    expect(useLogsStore.getState().rows).toHaveLength(3);
    expect(useLogsStore.getState().notSampled).toBe(7);
    expect([...usePatternsStore.getState().byId.keys()]).toEqual(['x', 'y']);
    expect(useModelsStore.getState().models?.active?.id).toBe('clf-v1');
    expect(useStatusStore.getState().history).toHaveLength(1);
  });

  it('leaves untouched stores alone', () => {
    const alerts = countUpdates(useAlertsStore);
    createBatchSequencer(() => undefined).apply(batch(1, [{ type: 'logs', logs: [liveLog()], dropped: 0 }]));
    expect(alerts.count).toBe(0);
  });

  it('asks for a resync when batches were missed, and not after a reset', () => {
    let resyncs = 0;
    const sequencer = createBatchSequencer(() => resyncs++);
    sequencer.apply(batch(1, []));
    sequencer.apply(batch(2, []));
    expect(resyncs).toBe(0);
    sequencer.apply(batch(5, []));
    expect(resyncs).toBe(1);
    sequencer.reset();
    sequencer.apply(batch(1, []));
    expect(resyncs).toBe(1);
  });

  it('pops up notified alerts allowed by the policy (levels; quiet hours spare critical)', () => {
    useSettingsStore.setState({
      notifications: {
        levels: { critical: true, high: true, medium: false, low: false },
        quietHours: { enabled: false, start: '22:00', end: '07:00', allowCritical: true },
        doNotDisturb: false,
        maxPerMinute: 5,
      },
    });
    createBatchSequencer(() => undefined).apply(
      batch(1, [
        {
          type: 'notify',
          alerts: [
            alert({ id: 'c', level: 'critical' }),
            alert({ id: 'h', level: 'high' }),
            alert({ id: 'm', level: 'medium' }),
          ],
          suppressed: 0,
        },
      ]),
    );
    expect(useUiStore.getState().toasts.map((toast) => toast.alertId)).toEqual(['c', 'h']);
  });

  it('pops up nothing under do-not-disturb (the one shared policy)', () => {
    useSettingsStore.setState((state) => ({
      notifications: { ...state.notifications, doNotDisturb: true },
    }));
    createBatchSequencer(() => undefined).apply(
      batch(1, [{ type: 'notify', alerts: [alert({ id: 'c', level: 'critical' })], suppressed: 0 }]),
    );
    expect(useUiStore.getState().toasts).toEqual([]);
  });
});

describe('session', () => {
  beforeEach(resetStores);

  function fakeApi(
    answers: Partial<Record<CommandName, () => Promise<unknown>>>,
  ): VigilApi & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      call: ((name: CommandName) => {
        calls.push(name);
        const answer = answers[name];
        return answer ? answer() : Promise.reject(new Error(`unexpected ${name}`));
      }) as VigilApi['call'],
      onEvents: () => () => undefined,
    };
  }

  it('resync replaces every store from the engine', async () => {
    const api = fakeApi({
      'engine:status': () => Promise.resolve(engineStatus()),
      'alerts:list': () => Promise.resolve({ alerts: [alert({ id: 'only' })] }),
      'patterns:list': () => Promise.resolve({ patterns: [pattern()] }),
      'models:status': () => Promise.resolve(modelStatus()),
    });
    useAlertsStore.setState({ byId: new Map([['stale', alert({ id: 'stale' })]]) });
    setApi(api);
    createResync()();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([...useAlertsStore.getState().byId.keys()]).toEqual(['only']);
    expect(useAlertsStore.getState().loaded).toBe(true);
    expect(usePatternsStore.getState().loaded).toBe(true);
    expect(useModelsStore.getState().models).not.toBeNull();
    expect(useStatusStore.getState().status?.running).toBe(true);
    // A response is not a point on the engine's time axis.
    expect(useStatusStore.getState().history).toHaveLength(0);
  });

  it('coalesces resync requests made while one runs into a single extra run', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const api = fakeApi({
      'engine:status': () => gate.then(() => engineStatus()),
      'alerts:list': () => Promise.resolve({ alerts: [] }),
      'patterns:list': () => Promise.resolve({ patterns: [] }),
      'models:status': () => Promise.resolve(modelStatus()),
    });
    setApi(api);
    const resync = createResync();
    resync();
    resync();
    resync();
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(api.calls.filter((name) => name === 'engine:status')).toHaveLength(2);
  });

  it('shows a failed resync part instead of swallowing it', async () => {
    setApi(
      fakeApi({
        'engine:status': () => Promise.resolve(engineStatus()),
        'alerts:list': () => Promise.reject(new Error('db locked')),
        'patterns:list': () => Promise.resolve({ patterns: [] }),
        'models:status': () => Promise.resolve(modelStatus()),
      }),
    );
    createResync()();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const [toast] = useUiStore.getState().toasts;
    expect(toast?.kind).toBe('error');
    expect(toast?.detail).toContain('alerts:list: db locked');
  });

  it('runCommand resolves null and shows the failure', async () => {
    setApi(fakeApi({}));
    await expect(runCommand('engine:stop', {})).resolves.toBeNull();
    expect(useUiStore.getState().toasts[0]).toMatchObject({
      title: 'engine:stop failed',
      detail: 'unexpected engine:stop',
    });
  });
});
