/**
 * The incidents store (renderer/src/stores/incidents.ts): fed by `incidents` events through the one
 * batch dispatcher and replaced on every resync; bounded; plus the per-minute chart columns.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, VigilApi } from '../../core/contract';
import { minuteColumns } from '../../renderer/src/lib/minute-counts';
import { INITIAL_ALERTS, useAlertsStore } from '../../renderer/src/stores/alerts';
import { createBatchSequencer, digestBatch } from '../../renderer/src/stores/dispatch';
import {
  INITIAL_INCIDENTS,
  replaceIncidents,
  upsertIncidents,
  useIncidentsStore,
} from '../../renderer/src/stores/incidents';
import { INITIAL_UI, useUiStore } from '../../renderer/src/stores/ui';
import { createResync, setApi } from '../../renderer/src/transport/session';
import { alert, batch, engineStatus, incident, modelStatus } from './renderer-fixtures';

beforeEach(() => {
  useIncidentsStore.setState(INITIAL_INCIDENTS, true);
  useAlertsStore.setState(INITIAL_ALERTS, true);
  useUiStore.setState(INITIAL_UI, true);
});

describe('incidents store', () => {
  it('upserts by id, keeping the others', () => {
    let state = upsertIncidents(INITIAL_INCIDENTS, [incident({ id: 'x' }), incident({ id: 'y' })]);
    state = upsertIncidents(state, [incident({ id: 'x', alertCount: 5 })]);
    expect([...state.byId.keys()]).toEqual(['x', 'y']);
    expect(state.byId.get('x')?.alertCount).toBe(5);
    expect(upsertIncidents(state, [])).toBe(state);
  });

  it('evicts resolved incidents first, then the oldest, past its cap', () => {
    const state = upsertIncidents(
      INITIAL_INCIDENTS,
      [
        incident({ id: 'old-open', lastSeen: 1 }),
        incident({ id: 'new-resolved', status: 'resolved', lastSeen: 100 }),
        incident({ id: 'new-open', lastSeen: 99 }),
        incident({ id: 'mid-open', lastSeen: 50 }),
      ],
      2,
    );
    expect([...state.byId.keys()].sort()).toEqual(['mid-open', 'new-open']);
  });

  it('a full list replaces what was held and marks the store loaded', () => {
    const state = replaceIncidents([incident({ id: 'only' })]);
    expect([...state.byId.keys()]).toEqual(['only']);
    expect(state.loaded).toBe(true);
  });
});

describe('incidents through the event batches and the resync', () => {
  it('digests incidents events in order and upserts them with one store update', () => {
    const digest = digestBatch(
      batch(1, [
        { type: 'incidents', incidents: [incident({ id: 'x' })] },
        { type: 'incidents', incidents: [incident({ id: 'y' }), incident({ id: 'x', alertCount: 3 })] },
      ]),
    );
    expect(digest.incidents.map((i) => i.id)).toEqual(['x', 'y', 'x']);
    let updates = 0;
    const unsubscribe = useIncidentsStore.subscribe(() => updates++);
    createBatchSequencer(() => undefined).apply(
      batch(1, [
        { type: 'incidents', incidents: [incident({ id: 'x' })] },
        { type: 'incidents', incidents: [incident({ id: 'y' }), incident({ id: 'x', alertCount: 3 })] },
        { type: 'alerts', alerts: [alert({ id: 'a1' })] },
      ]),
    );
    unsubscribe();
    expect(updates).toBe(1);
    expect(useIncidentsStore.getState().byId.get('x')?.alertCount).toBe(3);
    expect(useIncidentsStore.getState().byId.size).toBe(2);
  });

  it('a resync replaces the incidents from incidents:list', async () => {
    useIncidentsStore.setState(upsertIncidents(INITIAL_INCIDENTS, [incident({ id: 'stale' })]));
    const answers: Partial<Record<CommandName, () => Promise<unknown>>> = {
      'engine:status': () => Promise.resolve(engineStatus()),
      'alerts:list': () => Promise.resolve({ alerts: [] }),
      'patterns:list': () => Promise.resolve({ patterns: [] }),
      'models:status': () => Promise.resolve(modelStatus()),
      'settings:get': () => Promise.reject(new Error('not here')),
      'incidents:list': () => Promise.resolve({ incidents: [incident({ id: 'fresh' })] }),
    };
    const api: VigilApi = {
      call: ((name: CommandName) => answers[name]?.() ?? Promise.reject(new Error(name))) as VigilApi['call'],
      onEvents: () => () => undefined,
    };
    setApi(api);
    createResync()();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([...useIncidentsStore.getState().byId.keys()]).toEqual(['fresh']);
    expect(useIncidentsStore.getState().loaded).toBe(true);
    // The one failing part (settings) is shown, not the incidents.
    expect(useUiStore.getState().toasts[0]?.detail).not.toContain('incidents:list');
  });
});

describe('minuteColumns', () => {
  it('fills quiet minutes with zero and converts minute numbers to epoch seconds', () => {
    const [x, y] = minuteColumns([
      { minute: 100, count: 4 },
      { minute: 103, count: 1 },
    ]);
    expect(x).toEqual([6000, 6060, 6120, 6180]);
    expect(y).toEqual([4, 0, 0, 1]);
  });

  it('adds up a repeated minute and keeps only the most recent minutes', () => {
    const [x, y] = minuteColumns(
      [
        { minute: 10, count: 1 },
        { minute: 20, count: 2 },
        { minute: 20, count: 3 },
      ],
      3,
    );
    expect(x).toEqual([1080, 1140, 1200]);
    expect(y).toEqual([0, 0, 5]);
  });

  it('is empty without counts', () => {
    expect(minuteColumns([])).toEqual([[], []]);
  });
});
