/**
 * Contract-valid sample values for the renderer's unit tests. Each builder returns a fresh object
 * and accepts overrides, so a test states only what it is about.
 */
import type {
  Alert,
  EngineStatus,
  EventBatch,
  EngineEvent,
  Incident,
  LiveLog,
  ModelStatus,
  PatternSummary,
  Stats,
} from '../../core/contract';

export function stats(overrides: Partial<Stats> = {}): Stats {
  return {
    processed: 1_000,
    errors: 2,
    logsPerSecond: 250,
    logsPerSecond1m: 240,
    latencyMs: { p50: 0.4, p95: 1.2, p99: 2.5 },
    decisionLatencyMs: { p50: 12, p95: 40, p99: 80 },
    errorRate: 0.002,
    errorLogRate: 0.04,
    uptimeSeconds: 60,
    consumerLag: 15,
    lagByPartition: [{ topic: 'logs', partition: 0, lag: 15 }],
    dataQuality: { total: 3, byKind: { malformed_json: 3 } },
    countsByLevel: { critical: 1, high: 2, medium: 0, low: 5 },
    countsByTrigger: { security: 1, performance: 2, system_error: 0, anomaly: 5 },
    process: {
      cpuPercent: 35,
      rssBytes: 200e6,
      heapUsedBytes: 80e6,
      eventLoopDelayMs: { p50: 1, p95: 3, p99: 9 },
    },
    diskBytes: 1e6,
    ...overrides,
  };
}

export function engineStatus(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    running: true,
    source: 'demo',
    startedAt: 1_700_000_000_000,
    health: { status: 'healthy', reasons: [] },
    stats: stats(),
    config: { source: 'demo', demo: { rate: 200, incidents: true } },
    ...overrides,
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    fingerprint: 'fp-a1',
    level: 'high',
    trigger: 'security',
    title: 'Repeated failed logins',
    reason: '12 failed logins for root within 60 s',
    count: 12,
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_060_000,
    status: 'open',
    snoozedUntil: null,
    service: 'sshd',
    topic: 'security',
    templateId: 't1',
    template: 'Failed password for <*> from <*>',
    samples: ['Failed password for root from 10.0.0.1'],
    ...overrides,
  };
}

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'i1',
    title: 'Repeated failed logins (+1 alert)',
    level: 'high',
    trigger: 'security',
    status: 'open',
    snoozedUntil: null,
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_060_000,
    occurrence: 1,
    reopenedAt: null,
    services: ['sshd'],
    hosts: ['web-1'],
    alertIds: ['a1'],
    alertCount: 1,
    timeline: [{ at: 1_700_000_000_000, kind: 'opened', alertId: 'a1', level: 'high', text: null }],
    perMinute: [{ minute: 28_333_333, count: 12 }],
    audit: [],
    groupKey: 'service=sshd',
    ...overrides,
  };
}

export function liveLog(overrides: Partial<LiveLog> = {}): LiveLog {
  return {
    time: 1_700_000_000_000,
    topic: 'logs',
    partition: 0,
    offset: '1',
    service: 'api',
    level: 'info',
    message: 'request served',
    templateId: 't-req',
    severity: 'info',
    category: 'normal',
    ...overrides,
  };
}

export function pattern(overrides: Partial<PatternSummary> = {}): PatternSummary {
  return {
    templateId: 'p1',
    template: 'Connection from <*> closed',
    count: 10,
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_010_000,
    trend: [1, 2, 3, 4],
    isNew: false,
    ...overrides,
  };
}

export function modelStatus(overrides: Partial<ModelStatus> = {}): ModelStatus {
  return {
    active: {
      id: 'clf-v1',
      version: '1.0.0',
      file: 'models/clf-v1.onnx',
      sha256: 'a'.repeat(64),
      heads: [
        { name: 'severity', labels: ['error', 'warning', 'info'] },
        {
          name: 'category',
          labels: ['security', 'performance', 'system', 'network', 'application', 'normal'],
        },
      ],
    },
    error: null,
    shadow: null,
    ...overrides,
  };
}

export function batch(seq: number, events: EngineEvent[], at = 1_700_000_000_000 + seq * 100): EventBatch {
  return { seq, at, events };
}
