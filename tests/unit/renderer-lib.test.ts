import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_FILTER,
  buildAlertFeed,
  effectiveStatus,
  filterAlerts,
} from '../../renderer/src/lib/alert-feed';
import {
  axisTicks,
  formatBytes,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
} from '../../renderer/src/lib/format';
import { CHORD_TIMEOUT_MS, NO_PENDING_KEY, interpretKey, type KeyInput } from '../../renderer/src/lib/keymap';
import { EMPTY_LOG_FILTER, distinctValues, filterLogs } from '../../renderer/src/lib/log-filter';
import { inQuietHours, parseClock, shouldPopUp } from '../../renderer/src/lib/notification-policy';
import { nextSort, recentActivity, sortPatterns } from '../../renderer/src/lib/pattern-table';
import { indexOfKey, stepSelection } from '../../renderer/src/lib/selection';
import { downsample, sparklinePoints, SPARKLINE_MAX_POINTS } from '../../renderer/src/lib/sparkline';
import { buildStartRequest, splitList } from '../../renderer/src/lib/start-request';
import { anchoredScrollTop, scrollToReveal, visibleRange } from '../../renderer/src/lib/virtual-window';
import { DEFAULT_KAFKA_FORM, INITIAL_SETTINGS } from '../../renderer/src/stores/settings';
import { INITIAL_LOGS, appendLogs } from '../../renderer/src/stores/logs';
import { alert, liveLog, pattern } from './renderer-fixtures';

const NOW = 1_700_000_100_000;

describe('alert feed', () => {
  const alerts = [
    alert({ id: 'crit', level: 'critical', trigger: 'system_error', service: 'db', lastSeen: NOW - 10 }),
    alert({ id: 'high', level: 'high', trigger: 'security', service: 'sshd', lastSeen: NOW - 5 }),
    alert({ id: 'ack', level: 'low', status: 'acknowledged', service: null, lastSeen: NOW - 1 }),
    alert({ id: 'snoozed', level: 'high', snoozedUntil: NOW + 60_000, lastSeen: NOW }),
    alert({ id: 'snooze-over', level: 'medium', service: 'cron', snoozedUntil: NOW - 1, lastSeen: NOW - 20 }),
    alert({ id: 'done', level: 'critical', status: 'resolved', lastSeen: NOW }),
  ];

  it('derives snoozed from snoozedUntil, and resolved wins over it', () => {
    expect(effectiveStatus(alerts[3]!, NOW)).toBe('snoozed');
    expect(effectiveStatus(alerts[4]!, NOW)).toBe('open');
    expect(effectiveStatus(alert({ status: 'resolved', snoozedUntil: NOW + 1 }), NOW)).toBe('resolved');
  });

  it('shows active alerts (open or acknowledged, not snoozed) by default', () => {
    const ids = filterAlerts(alerts, DEFAULT_ALERT_FILTER, NOW).map((a) => a.id);
    expect(ids.sort()).toEqual(['ack', 'crit', 'high', 'snooze-over']);
  });

  it('filters by level, trigger, service substring and status', () => {
    const pick = (filter: Partial<typeof DEFAULT_ALERT_FILTER>) =>
      filterAlerts(alerts, { ...DEFAULT_ALERT_FILTER, ...filter }, NOW).map((a) => a.id);
    expect(pick({ levels: ['critical'], status: 'all' }).sort()).toEqual(['crit', 'done']);
    expect(pick({ trigger: 'system_error' })).toEqual(['crit']);
    expect(pick({ service: 'SSH' })).toEqual(['high']);
    expect(pick({ status: 'snoozed' })).toEqual(['snoozed']);
    expect(pick({ status: 'resolved' })).toEqual(['done']);
  });

  it('groups in the natural order with counts, most recent first inside a group', () => {
    const feed = buildAlertFeed(alerts, 'level', NOW);
    const shape = feed.map((item) => (item.kind === 'group' ? `[${item.key}:${item.count}]` : item.alert.id));
    expect(shape).toEqual([
      '[critical:2]',
      'done',
      'crit',
      '[high:2]',
      'snoozed',
      'high',
      '[medium:1]',
      'snooze-over',
      '[low:1]',
      'ack',
    ]);
  });

  it('groups services alphabetically with the unnamed last, and lists by recency without grouping', () => {
    const byService = buildAlertFeed(alerts.slice(0, 3), 'service', NOW).filter(
      (item) => item.kind === 'group',
    );
    expect(byService.map((item) => (item.kind === 'group' ? item.label : ''))).toEqual([
      'db',
      'sshd',
      'no service',
    ]);
    const flat = buildAlertFeed(alerts.slice(0, 3), 'none', NOW).map((item) =>
      item.kind === 'alert' ? item.alert.id : '',
    );
    expect(flat).toEqual(['ack', 'high', 'crit']);
  });
});

describe('log filter', () => {
  const rows = appendLogs(
    INITIAL_LOGS,
    [
      liveLog({
        level: 'error',
        category: 'security',
        topic: 'security',
        service: 'sshd',
        message: 'Failed password',
        templateId: 't1',
      }),
      liveLog({
        level: 'info',
        category: 'normal',
        topic: 'logs',
        service: 'api',
        message: 'GET /health 200',
        templateId: 't2',
      }),
      liveLog({
        level: null,
        category: 'system',
        topic: 'logs',
        service: null,
        message: 'kernel: oom',
        templateId: 't3',
      }),
    ],
    0,
  ).rows;

  it('returns the same array when no filter is set (no copy, memo-friendly)', () => {
    expect(filterLogs(rows, EMPTY_LOG_FILTER)).toBe(rows);
  });

  it('matches each field', () => {
    const messages = (patch: Partial<typeof EMPTY_LOG_FILTER>) =>
      filterLogs(rows, { ...EMPTY_LOG_FILTER, ...patch }).map((row) => row.message);
    expect(messages({ level: 'error' })).toEqual(['Failed password']);
    expect(messages({ level: 'unset' })).toEqual(['kernel: oom']);
    expect(messages({ category: 'system' })).toEqual(['kernel: oom']);
    expect(messages({ topic: 'logs' })).toEqual(['kernel: oom', 'GET /health 200']);
    expect(messages({ service: 'SS' })).toEqual(['Failed password']);
    expect(messages({ templateId: 't2' })).toEqual(['GET /health 200']);
    expect(messages({ text: 'HEALTH' })).toEqual(['GET /health 200']);
    expect(messages({ text: 'health', level: 'error' })).toEqual([]);
  });

  it('lists distinct values for drop-downs, bounded', () => {
    expect(distinctValues(rows, (row) => row.topic)).toEqual(['logs', 'security']);
    expect(distinctValues(rows, (row) => row.service, 1)).toHaveLength(1);
  });
});

describe('keymap', () => {
  const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
    key: k,
    ctrl: false,
    meta: false,
    alt: false,
    editable: false,
    now: 1_000,
    ...extra,
  });

  it('switches views with g-chords and digits', () => {
    const afterG = interpretKey(NO_PENDING_KEY, key('g'));
    expect(afterG.command).toBeNull();
    expect(interpretKey(afterG.state, key('a', { now: 1_500 })).command).toEqual({
      kind: 'view',
      view: 'alerts',
    });
    expect(interpretKey(NO_PENDING_KEY, key('3')).command).toEqual({ kind: 'view', view: 'logs' });
    expect(interpretKey(NO_PENDING_KEY, key('6')).command).toEqual({ kind: 'view', view: 'settings' });
    expect(interpretKey(NO_PENDING_KEY, key('7')).command).toBeNull();
  });

  it('forgets a g-chord after its timeout', () => {
    const afterG = interpretKey(NO_PENDING_KEY, key('g'));
    expect(interpretKey(afterG.state, key('l', { now: 1_000 + CHORD_TIMEOUT_MS + 1 })).command).toBeNull();
  });

  it('maps list keys and leaves modified keys and typing alone', () => {
    expect(interpretKey(NO_PENDING_KEY, key('j')).command).toEqual({ kind: 'next' });
    expect(interpretKey(NO_PENDING_KEY, key('k')).command).toEqual({ kind: 'prev' });
    expect(interpretKey(NO_PENDING_KEY, key('/')).command).toEqual({ kind: 'search' });
    expect(interpretKey(NO_PENDING_KEY, key('j', { ctrl: true })).command).toBeNull();
    expect(interpretKey(NO_PENDING_KEY, key('j', { editable: true })).command).toBeNull();
    expect(interpretKey(NO_PENDING_KEY, key('Escape', { editable: true })).command).toEqual({
      kind: 'escape',
    });
  });
});

describe('virtual window', () => {
  it('renders the visible rows plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 240, 24, 5_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(2_400, 240, 24, 5_000, 5)).toEqual({ start: 95, end: 116 });
    expect(visibleRange(119_900, 240, 24, 5_000, 5)).toEqual({ start: 4_990, end: 5_000 });
    expect(visibleRange(0, 240, 24, 0, 5)).toEqual({ start: 0, end: 0 });
  });

  it('reveals a row only when it is out of view', () => {
    expect(scrollToReveal(10, 0, 240, 24)).toBe(24);
    expect(scrollToReveal(2, 100, 240, 24)).toBe(48);
    expect(scrollToReveal(5, 0, 240, 24)).toBeNull();
  });

  it('keeps the first visible row in place when rows are prepended', () => {
    const before = ['c', 'b', 'a'];
    const after = ['e', 'd', 'c', 'b', 'a'];
    expect(anchoredScrollTop(before, after, 24 + 5, 24, (k) => k)).toBe(3 * 24 + 5);
    expect(anchoredScrollTop(before, after, 0, 24, (k) => k)).toBe(0);
    expect(anchoredScrollTop(before, ['x'], 30, 24, (k) => k)).toBe(30);
  });
});

describe('selection', () => {
  it('steps within bounds and starts at the top', () => {
    expect(stepSelection(-1, 10, 1)).toBe(0);
    expect(stepSelection(-1, 10, -1)).toBe(0);
    expect(stepSelection(9, 10, 1)).toBe(9);
    expect(stepSelection(0, 10, -1)).toBe(0);
    expect(stepSelection(3, 0, 1)).toBe(-1);
    expect(stepSelection(12, 10, 1)).toBe(9);
  });
  it('finds an item by key', () => {
    expect(indexOfKey(['a', 'b'], (x) => x, 'b')).toBe(1);
    expect(indexOfKey(['a', 'b'], (x) => x, null)).toBe(-1);
  });
});

describe('sparkline', () => {
  it('keeps at most 30 points, preserving the total', () => {
    const values = Array.from({ length: 95 }, (_, i) => i % 7);
    const sampled = downsample(values);
    expect(sampled).toHaveLength(SPARKLINE_MAX_POINTS);
    expect(sampled.reduce((a, b) => a + b, 0)).toBe(values.reduce((a, b) => a + b, 0));
  });
  it('scales into the box and draws flat lines for single or all-zero series', () => {
    expect(sparklinePoints([0, 5, 10], 100, 22)).toBe('0.0,21.0 50.0,11.0 100.0,1.0');
    expect(sparklinePoints([3], 100, 22)).toBe('0.0,1.0 100.0,1.0');
    expect(sparklinePoints([0, 0], 100, 22)).toBe('0.0,21.0 100.0,21.0');
    expect(sparklinePoints([], 100, 22)).toBe('');
    expect(sparklinePoints([Number.NaN, 1], 100, 22)).toBe('0.0,21.0 100.0,1.0');
  });
});

describe('start request', () => {
  const demo = INITIAL_SETTINGS.demo;

  it('splits broker and topic lists on commas, spaces and newlines, without duplicates', () => {
    expect(splitList(' a:1, b:2\nc:3  a:1 ')).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it('builds a valid demo request', () => {
    expect(buildStartRequest('demo', DEFAULT_KAFKA_FORM, { rate: 500, incidents: false })).toEqual({
      ok: true,
      request: { source: 'demo', demo: { rate: 500, incidents: false } },
    });
    const invalid = buildStartRequest('demo', DEFAULT_KAFKA_FORM, { rate: Number.NaN, incidents: true });
    expect(invalid.ok ? [] : invalid.errors.map((error) => error.field)).toEqual(['rate']);
  });

  it('builds a Kafka request with SASL and TLS from the form', () => {
    const built = buildStartRequest(
      'kafka',
      {
        ...DEFAULT_KAFKA_FORM,
        brokers: 'k1:9092,k2:9093',
        topics: 'logs security',
        saslEnabled: true,
        saslUsername: ' svc ',
        saslPassword: 'pw',
        tlsEnabled: true,
        tlsCa: '  ',
      },
      demo,
    );
    expect(built).toEqual({
      ok: true,
      request: {
        source: 'kafka',
        kafka: {
          brokers: ['k1:9092', 'k2:9093'],
          clientId: 'vigil',
          groupId: 'vigil',
          topics: ['logs', 'security'],
          topicPattern: null,
          fromBeginning: false,
          sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 'pw' },
          tls: { enabled: true, rejectUnauthorized: true, ca: null },
        },
      },
    });
  });

  it('reports field errors in plain words, once per field', () => {
    const built = buildStartRequest(
      'kafka',
      {
        ...DEFAULT_KAFKA_FORM,
        brokers: 'nohost',
        topicsMode: 'pattern',
        topicPattern: '(',
        saslEnabled: true,
        groupId: '',
      },
      demo,
    );
    expect(built.ok).toBe(false);
    const fields = built.ok ? [] : built.errors.map((error) => error.field);
    expect(fields.sort()).toEqual(['brokers', 'groupId', 'sasl.username', 'topicPattern']);
    const empty = buildStartRequest('kafka', { ...DEFAULT_KAFKA_FORM, brokers: ' ', topics: '' }, demo);
    expect(empty.ok ? [] : empty.errors).toEqual([
      { field: 'brokers', message: 'Enter at least one broker (host:port).' },
      { field: 'topics', message: 'Enter at least one topic.' },
    ]);
  });
});

describe('notification policy', () => {
  const policy = {
    levels: { critical: true, high: true, medium: false, low: false },
    quietHours: { enabled: true, start: '22:00', end: '07:00' },
  };

  it('parses HH:MM and refuses anything else', () => {
    expect(parseClock('07:30')).toBe(450);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('7h')).toBeNull();
  });

  it('handles quiet hours spanning midnight and within a day', () => {
    expect(inQuietHours(policy.quietHours, 23 * 60)).toBe(true);
    expect(inQuietHours(policy.quietHours, 6 * 60 + 59)).toBe(true);
    expect(inQuietHours(policy.quietHours, 7 * 60)).toBe(false);
    expect(inQuietHours({ enabled: true, start: '12:00', end: '13:00' }, 12 * 60 + 30)).toBe(true);
    expect(inQuietHours({ ...policy.quietHours, enabled: false }, 23 * 60)).toBe(false);
  });

  it('lets critical alerts through quiet hours, and only enabled levels at all', () => {
    const night = 23 * 60;
    expect(shouldPopUp(policy, alert({ level: 'critical' }), night)).toBe(true);
    expect(shouldPopUp(policy, alert({ level: 'high' }), night)).toBe(false);
    expect(shouldPopUp(policy, alert({ level: 'high' }), 12 * 60)).toBe(true);
    expect(shouldPopUp(policy, alert({ level: 'medium' }), 12 * 60)).toBe(false);
  });
});

describe('pattern table', () => {
  const patterns = [
    pattern({ templateId: 'a', template: 'beta', count: 5, trend: [9, 9, 9, 0, 0, 0] }),
    pattern({ templateId: 'b', template: 'alpha', count: 50, trend: [0, 0, 0, 1, 1, 1] }),
    pattern({ templateId: 'c', template: 'gamma', count: 5, trend: [0, 0, 0, 5, 5, 5] }),
  ];

  it('sorts by the chosen column with a stable tie-break', () => {
    expect(sortPatterns(patterns, { key: 'count', descending: true }, '').map((p) => p.templateId)).toEqual([
      'b',
      'a',
      'c',
    ]);
    expect(
      sortPatterns(patterns, { key: 'template', descending: false }, '').map((p) => p.templateId),
    ).toEqual(['b', 'a', 'c']);
    expect(sortPatterns(patterns, { key: 'recent', descending: true }, '').map((p) => p.templateId)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('searches templates and exact ids', () => {
    expect(
      sortPatterns(patterns, { key: 'count', descending: true }, 'GAM').map((p) => p.templateId),
    ).toEqual(['c']);
    expect(sortPatterns(patterns, { key: 'count', descending: true }, 'a').map((p) => p.templateId)).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  it('flips direction on the same column and starts descending on numbers', () => {
    expect(nextSort({ key: 'count', descending: true }, 'count')).toEqual({
      key: 'count',
      descending: false,
    });
    expect(nextSort({ key: 'count', descending: true }, 'template')).toEqual({
      key: 'template',
      descending: false,
    });
    expect(nextSort({ key: 'template', descending: false }, 'lastSeen')).toEqual({
      key: 'lastSeen',
      descending: true,
    });
    expect(recentActivity(patterns[2]!)).toBe(10);
  });
});

describe('format', () => {
  it('gives axis ticks the decimals their spacing needs, scaled and suffixed', () => {
    expect(axisTicks([0, 0.25, 0.5], 0.25, 1, '')).toEqual(['0.00', '0.25', '0.50']);
    expect(axisTicks([0, 0.002, 0.004], 0.002, 100, '%')).toEqual(['0.0%', '0.2%', '0.4%']);
    expect(axisTicks([0, 50, 100], 50, 1, ' ms')).toEqual(['0 ms', '50 ms', '100 ms']);
  });
  it('formats figures people read at a glance', () => {
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.123)).toBe('12.3%');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatDuration(3_725)).toBe('1h 2m');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatCount(Number.NaN)).toBe('—');
  });
});
