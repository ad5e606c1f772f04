import { describe, expect, it } from 'vitest';
import { INITIAL_ALERTS, replaceAlerts, upsertAlerts } from '../../renderer/src/stores/alerts';
import {
  INITIAL_LOGS,
  appendLogs,
  arrivedWhilePaused,
  clearLogs,
  pauseLogs,
  resumeLogs,
  shownRows,
} from '../../renderer/src/stores/logs';
import { replacePatterns } from '../../renderer/src/stores/patterns';
import { INITIAL_SETTINGS, adoptRunningConfig } from '../../renderer/src/stores/settings';
import {
  HISTORY_GAP_MS,
  HISTORY_MAX_POINTS,
  HISTORY_SPACING_MS,
  HISTORY_WINDOW_MS,
  INITIAL_STATUS,
  reduceStatus,
  type StatusState,
} from '../../renderer/src/stores/status';
import { INITIAL_UI, dismissToast, pushToast } from '../../renderer/src/stores/ui';
import { REDACTED } from '../../core/contract';
import { alert, engineStatus, liveLog, pattern, stats } from './renderer-fixtures';

describe('status reducer', () => {
  const T0 = 1_700_000_000_000;

  it('keeps the latest status and one history point per second at most', () => {
    let state = reduceStatus(INITIAL_STATUS, engineStatus(), T0);
    state = reduceStatus(state, engineStatus({ stats: stats({ logsPerSecond: 999 }) }), T0 + 100);
    expect(state.history).toHaveLength(1);
    expect(state.status?.stats.logsPerSecond).toBe(999);
    state = reduceStatus(state, engineStatus(), T0 + HISTORY_SPACING_MS);
    expect(state.history.map((point) => point.t)).toEqual([T0, T0 + HISTORY_SPACING_MS]);
  });

  it('records the figures the charts plot', () => {
    const state = reduceStatus(INITIAL_STATUS, engineStatus(), T0);
    expect(state.history[0]).toEqual({
      t: T0,
      logsPerSecond: 250,
      latencyP50: 0.4,
      latencyP99: 2.5,
      decisionP50: 12,
      decisionP99: 80,
      errorRate: 0.002,
      consumerLag: 15,
    });
  });

  it('does not record history for a stopped engine or a status without engine time', () => {
    let state = reduceStatus(INITIAL_STATUS, engineStatus({ running: false }), T0);
    state = reduceStatus(state, engineStatus(), null);
    expect(state.history).toHaveLength(0);
    expect(state.status?.running).toBe(true);
  });

  it('inserts a gap point after a silence so the chart does not bridge it', () => {
    let state = reduceStatus(INITIAL_STATUS, engineStatus(), T0);
    state = reduceStatus(state, engineStatus(), T0 + HISTORY_GAP_MS + 1);
    expect(state.history).toHaveLength(3);
    expect(state.history[1]).toMatchObject({ t: T0 + 1, logsPerSecond: null, consumerLag: null });
  });

  it('keeps only the last ten minutes, bounded in points', () => {
    let state: StatusState = INITIAL_STATUS;
    const ticks = HISTORY_MAX_POINTS + 200;
    for (let i = 0; i < ticks; i++) state = reduceStatus(state, engineStatus(), T0 + i * HISTORY_SPACING_MS);
    const last = T0 + (ticks - 1) * HISTORY_SPACING_MS;
    expect(state.history.length).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    expect(state.history[0]!.t).toBeGreaterThanOrEqual(last - HISTORY_WINDOW_MS);
    expect(state.history[state.history.length - 1]!.t).toBe(last);
    for (let i = 1; i < state.history.length; i++)
      expect(state.history[i]!.t).toBeGreaterThan(state.history[i - 1]!.t);
  });
});

describe('alerts reducer', () => {
  it('upserts by id', () => {
    let state = upsertAlerts(INITIAL_ALERTS, [alert({ id: 'a' }), alert({ id: 'b' })]);
    state = upsertAlerts(state, [alert({ id: 'a', count: 99, status: 'acknowledged' })]);
    expect(state.byId.size).toBe(2);
    expect(state.byId.get('a')).toMatchObject({ count: 99, status: 'acknowledged' });
  });

  it('returns the same state for an empty update (no re-render)', () => {
    expect(upsertAlerts(INITIAL_ALERTS, [])).toBe(INITIAL_ALERTS);
  });

  it('evicts resolved alerts first, then the least recently seen', () => {
    const state = upsertAlerts(
      INITIAL_ALERTS,
      [
        alert({ id: 'old-open', lastSeen: 1 }),
        alert({ id: 'new-resolved', lastSeen: 100, status: 'resolved' }),
        alert({ id: 'mid-open', lastSeen: 50 }),
        alert({ id: 'newest-open', lastSeen: 200 }),
      ],
      2,
    );
    expect([...state.byId.keys()].sort()).toEqual(['mid-open', 'newest-open']);
  });

  it('replaceAlerts drops what the full list no longer has and marks the store loaded', () => {
    const state = replaceAlerts([alert({ id: 'x' })]);
    expect([...state.byId.keys()]).toEqual(['x']);
    expect(state.loaded).toBe(true);
  });
});

describe('logs reducer', () => {
  const logs = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => liveLog({ offset: String(from + i) }));

  it('keeps rows newest first with increasing sequence numbers', () => {
    let state = appendLogs(INITIAL_LOGS, logs(3), 0);
    state = appendLogs(state, logs(2, 3), 5);
    expect(state.rows.map((row) => row.offset)).toEqual(['4', '3', '2', '1', '0']);
    expect(state.rows.map((row) => row.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(state.notSampled).toBe(5);
  });

  it('is bounded by the cap, evicting the oldest', () => {
    let state = appendLogs(INITIAL_LOGS, logs(8), 0, 5);
    expect(state.rows.map((row) => row.offset)).toEqual(['7', '6', '5', '4', '3']);
    state = appendLogs(state, logs(2, 8), 0, 5);
    expect(state.rows.map((row) => row.offset)).toEqual(['9', '8', '7', '6', '5']);
    expect(state.rows[0]!.seq).toBe(10);
  });

  it('freezes the view while paused, keeps buffering, and counts what arrived', () => {
    let state = appendLogs(INITIAL_LOGS, logs(3), 0);
    state = pauseLogs(state);
    state = appendLogs(state, logs(4, 3), 0);
    expect(shownRows(state).map((row) => row.offset)).toEqual(['2', '1', '0']);
    expect(state.rows).toHaveLength(7);
    expect(arrivedWhilePaused(state)).toBe(4);
    state = resumeLogs(state);
    expect(shownRows(state)).toHaveLength(7);
    expect(arrivedWhilePaused(state)).toBe(0);
  });

  it('clear empties the buffer (and the frozen view when paused)', () => {
    const state = clearLogs(pauseLogs(appendLogs(INITIAL_LOGS, logs(3), 0)));
    expect(state.rows).toHaveLength(0);
    expect(shownRows(state)).toHaveLength(0);
  });
});

describe('patterns reducer', () => {
  it('replaces the snapshot and evicts the least recently seen past the cap', () => {
    const state = replacePatterns(
      [
        pattern({ templateId: 'a', lastSeen: 1 }),
        pattern({ templateId: 'b', lastSeen: 2 }),
        pattern({ templateId: 'c', lastSeen: 3 }),
      ],
      2,
    );
    expect([...state.byId.keys()].sort()).toEqual(['b', 'c']);
    expect(state.loaded).toBe(true);
  });
});

describe('adoptRunningConfig', () => {
  const kafkaStatus = engineStatus({
    source: 'kafka',
    startedAt: 42,
    config: {
      source: 'kafka',
      kafka: {
        brokers: ['b1:9092', 'b2:9092'],
        clientId: 'vigil',
        groupId: 'ops',
        topics: ['logs'],
        topicPattern: null,
        fromBeginning: false,
        sasl: { mechanism: 'scram-sha-512', username: 'svc', password: REDACTED },
        tls: { enabled: true, rejectUnauthorized: true, ca: null },
      },
    },
  });

  it('fills the form from the running configuration, but never the password', () => {
    const state = adoptRunningConfig(INITIAL_SETTINGS, kafkaStatus);
    expect(state.source).toBe('kafka');
    expect(state.kafka).toMatchObject({
      brokers: 'b1:9092, b2:9092',
      groupId: 'ops',
      saslEnabled: true,
      saslMechanism: 'scram-sha-512',
      saslUsername: 'svc',
      saslPassword: '',
      tlsEnabled: true,
    });
  });

  it('adopts each run once and never overrides what the user edited', () => {
    const adopted = adoptRunningConfig(INITIAL_SETTINGS, kafkaStatus);
    expect(adoptRunningConfig(adopted, kafkaStatus)).toBe(adopted);
    const edited = { ...INITIAL_SETTINGS, startFormsEdited: true };
    expect(adoptRunningConfig(edited, kafkaStatus)).toBe(edited);
  });
});

describe('toasts', () => {
  it('are capped, oldest dropped first, and dismissable by id', () => {
    let state = INITIAL_UI;
    for (let i = 0; i < 7; i++) {
      state = pushToast(state, { kind: 'error', title: `t${i}`, detail: '', level: null, alertId: null }, 5);
    }
    expect(state.toasts.map((toast) => toast.title)).toEqual(['t2', 't3', 't4', 't5', 't6']);
    state = dismissToast(state, state.toasts[0]!.id);
    expect(state.toasts.map((toast) => toast.title)).toEqual(['t3', 't4', 't5', 't6']);
  });

  it('replace an older toast about the same alert instead of stacking', () => {
    let state = pushToast(INITIAL_UI, {
      kind: 'alert',
      title: 'first',
      detail: '',
      level: 'critical',
      alertId: 'a',
    });
    state = pushToast(state, { kind: 'alert', title: 'other', detail: '', level: 'high', alertId: 'b' });
    state = pushToast(state, { kind: 'alert', title: 'again', detail: '', level: 'critical', alertId: 'a' });
    expect(state.toasts.map((toast) => toast.title)).toEqual(['other', 'again']);
  });
});
