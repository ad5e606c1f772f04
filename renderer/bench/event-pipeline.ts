/**
 * Cost of the renderer's data path at the engine's full event rate, without a browser:
 * validating a batch (zod), digesting it and applying it to the stores with their buffers full,
 * plus the derived views (log filter over the whole tail, alert feed over the whole cap) that the
 * UI recomputes a few times per second. Prints figures; asserts nothing.
 *
 *   npx tsx renderer/bench/event-pipeline.ts
 */
import type { Alert, EventBatch, LiveLog, PatternSummary } from '../../core/contract';
import { buildAlertFeed, DEFAULT_ALERT_FILTER, filterAlerts } from '../src/lib/alert-feed';
import { EMPTY_LOG_FILTER, filterLogs } from '../src/lib/log-filter';
import { ALERTS_CAP, useAlertsStore } from '../src/stores/alerts';
import { createBatchSequencer } from '../src/stores/dispatch';
import { LOGS_CAP, useLogsStore } from '../src/stores/logs';
import { PATTERNS_CAP } from '../src/stores/patterns';
import { useStatusStore } from '../src/stores/status';
import { checkEventBatch } from '../src/transport/validate';

const LOGS_PER_BATCH = 200;
const ALERTS_PER_BATCH = 10;
const PATTERNS_PER_BATCH = 20;
const BATCHES = 600;
const T0 = 1_700_000_000_000;

const LEVELS = ['error', 'warn', 'info', 'info', 'debug'] as const;
function log(i: number): LiveLog {
  const level = LEVELS[i % LEVELS.length]!;
  return {
    time: T0 + i,
    topic: i % 3 === 0 ? 'security' : 'logs',
    partition: i % 6,
    offset: String(i),
    service: `svc-${i % 40}`,
    level,
    message: `GET /api/v1/items/${i} returned ${i % 7 === 0 ? 500 : 200} in ${i % 300} ms for user ${i % 997}`,
    templateId: `t${i % 300}`,
    severity: level === 'error' ? 'error' : level === 'warn' ? 'warning' : 'info',
    category: i % 11 === 0 ? 'security' : 'normal',
  };
}

function alert(i: number): Alert {
  return {
    id: `a${i % (ALERTS_CAP * 2)}`,
    fingerprint: `fp${i}`,
    level: (['critical', 'high', 'medium', 'low'] as const)[i % 4]!,
    trigger: (['security', 'performance', 'system_error', 'anomaly'] as const)[i % 4]!,
    title: `Alert ${i}`,
    reason: 'More than 10 errors within 60 s',
    count: i,
    firstSeen: T0,
    lastSeen: T0 + i,
    status: i % 5 === 0 ? 'resolved' : 'open',
    snoozedUntil: null,
    service: `svc-${i % 40}`,
    topic: 'logs',
    templateId: `t${i % 300}`,
    template: 'GET <*> returned <*> in <*> ms',
    samples: ['GET /api/v1/items/1 returned 500 in 12 ms'],
  };
}

function pattern(i: number): PatternSummary {
  return {
    templateId: `t${i % (PATTERNS_CAP * 2)}`,
    template: `template ${i} <*> <*>`,
    count: i,
    firstSeen: T0,
    lastSeen: T0 + i,
    trend: Array.from({ length: 30 }, (_, k) => (i + k) % 17),
    isNew: i % 50 === 0,
  };
}

function batch(seq: number): unknown {
  const value: EventBatch = {
    seq,
    at: T0 + seq * 100,
    events: [
      {
        type: 'status',
        status: {
          running: true,
          source: 'demo',
          startedAt: T0,
          health: { status: 'healthy', reasons: [] },
          stats: {
            processed: seq * 1000,
            errors: 0,
            logsPerSecond: 10_000,
            logsPerSecond1m: 10_000,
            latencyMs: { p50: 0.1, p95: 0.3, p99: 0.5 },
            decisionLatencyMs: { p50: 20, p95: 50, p99: 90 },
            errorRate: 0,
            errorLogRate: 0,
            uptimeSeconds: seq / 10,
            consumerLag: 10,
            lagByPartition: [{ topic: 'logs', partition: 0, lag: 10 }],
            dataQuality: { total: 0, byKind: {} },
            countsByLevel: { critical: 1 },
            countsByTrigger: { security: 1 },
            process: {
              cpuPercent: 50,
              rssBytes: 1e8,
              heapUsedBytes: 5e7,
              eventLoopDelayMs: { p50: 1, p95: 2, p99: 4 },
            },
            diskBytes: 1e6,
          },
          config: { source: 'demo', demo: { rate: 10_000, incidents: true } },
        },
      },
      {
        type: 'logs',
        logs: Array.from({ length: LOGS_PER_BATCH }, (_, k) => log(seq * LOGS_PER_BATCH + k)),
        dropped: 800,
      },
      {
        type: 'alerts',
        alerts: Array.from({ length: ALERTS_PER_BATCH }, (_, k) => alert(seq * ALERTS_PER_BATCH + k)),
      },
      {
        type: 'patterns',
        patterns: Array.from({ length: PATTERNS_PER_BATCH }, (_, k) => pattern(seq * PATTERNS_PER_BATCH + k)),
      },
    ],
  };
  // Through JSON, as it arrives over the WebSocket.
  return JSON.parse(JSON.stringify(value));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function report(name: string, samples: number[]): void {
  const sorted = samples.slice().sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(
    `${name.padEnd(44)} mean ${mean.toFixed(3)} ms  p50 ${percentile(sorted, 50).toFixed(3)}  p99 ${percentile(sorted, 99).toFixed(3)}  max ${sorted[sorted.length - 1]!.toFixed(3)}`,
  );
}

const inputs = Array.from({ length: BATCHES }, (_, i) => batch(i + 1));
const sequencer = createBatchSequencer(() => undefined);
const validate: number[] = [];
const apply: number[] = [];
for (const input of inputs) {
  const t0 = performance.now();
  const checked = checkEventBatch(input);
  const t1 = performance.now();
  if (!checked.ok) throw new Error(checked.problem);
  sequencer.apply(checked.value);
  const t2 = performance.now();
  validate.push(t1 - t0);
  apply.push(t2 - t1);
}

const rows = useLogsStore.getState().rows;
const alerts = useAlertsStore.getState().byId;
const textFilter: number[] = [];
const levelFilter: number[] = [];
const feed: number[] = [];
for (let i = 0; i < 50; i++) {
  let t = performance.now();
  filterLogs(rows, { ...EMPTY_LOG_FILTER, text: `user ${i}` });
  textFilter.push(performance.now() - t);
  t = performance.now();
  filterLogs(rows, { ...EMPTY_LOG_FILTER, level: 'error', service: 'svc-1' });
  levelFilter.push(performance.now() - t);
  t = performance.now();
  buildAlertFeed(filterAlerts(alerts.values(), DEFAULT_ALERT_FILTER, T0), 'level', T0);
  feed.push(performance.now() - t);
}

console.log(
  `${BATCHES} batches of ${LOGS_PER_BATCH} logs + ${ALERTS_PER_BATCH} alerts + ${PATTERNS_PER_BATCH} patterns + status ` +
    `(tail ${rows.length}/${LOGS_CAP}, alerts ${alerts.size}/${ALERTS_CAP}, history ${useStatusStore.getState().history.length} points)`,
);
report('validate batch (zod)', validate.slice(50));
report('digest + apply to stores (one set each)', apply.slice(50));
report(`filter ${rows.length} log rows by text`, textFilter);
report(`filter ${rows.length} log rows by level + service`, levelFilter);
report(`alert feed over ${alerts.size} alerts (filter + group)`, feed);
const perBatch =
  (validate.slice(50).reduce((a, b) => a + b, 0) + apply.slice(50).reduce((a, b) => a + b, 0)) /
  (BATCHES - 50);
console.log(`at 10 batches/s the data path uses ${((perBatch * 10) / 10).toFixed(2)}% of one core`);
