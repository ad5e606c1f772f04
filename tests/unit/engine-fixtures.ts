/**
 * Builders shared by the engine and Electron adapter unit tests: small, valid contract objects
 * with just the fields a test cares about overridden.
 */
import type {
  Alert,
  Analysis,
  EngineStatus,
  EventBatch,
  LiveLog,
  LogRecord,
  ModelStatus,
  PatternSummary,
} from '../../core/contract';

export function makeAlert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    fingerprint: `fp-${id}`,
    level: 'high',
    trigger: 'system_error',
    title: `Alert ${id}`,
    reason: `reason of ${id}`,
    count: 1,
    firstSeen: 1000,
    lastSeen: 1000,
    status: 'open',
    snoozedUntil: null,
    service: 'svc',
    topic: 'logs',
    templateId: null,
    template: null,
    samples: [],
    ...overrides,
  };
}

export function makeLiveLog(offset: number, overrides: Partial<LiveLog> = {}): LiveLog {
  return {
    time: offset,
    topic: 'logs',
    partition: 0,
    offset: String(offset),
    service: 'svc',
    level: 'info',
    message: `message ${offset}`,
    templateId: 't1',
    severity: 'info',
    category: 'normal',
    ...overrides,
  };
}

export function makeRecord(offset: number, overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    time: offset,
    topic: 'logs',
    partition: 0,
    offset: String(offset),
    service: 'svc',
    host: null,
    level: null,
    message: `message ${offset}`,
    fields: {},
    format: 'plain',
    ...overrides,
  };
}

export function makeAnalysis(overrides: Partial<Analysis> = {}): Analysis {
  return {
    templateId: 't1',
    template: 'message <*>',
    params: [],
    severity: 'info',
    category: 'normal',
    scores: { severity: { info: 1 }, category: { normal: 1 } },
    classifiedBy: 'rules',
    ...overrides,
  };
}

export function makePattern(templateId: string, count: number): PatternSummary {
  return {
    templateId,
    template: `template ${templateId}`,
    count,
    firstSeen: 0,
    lastSeen: 0,
    trend: [count],
    isNew: false,
  };
}

export function makeModels(error: string | null): ModelStatus {
  return { active: null, error, shadow: null };
}

const percentiles = { p50: 0, p95: 0, p99: 0 };

export function makeStatus(processed = 0): EngineStatus {
  return {
    running: false,
    source: null,
    startedAt: null,
    health: { status: 'healthy', reasons: [] },
    stats: {
      processed,
      errors: 0,
      logsPerSecond: 0,
      logsPerSecond1m: 0,
      latencyMs: percentiles,
      decisionLatencyMs: percentiles,
      errorRate: 0,
      errorLogRate: 0,
      uptimeSeconds: 0,
      consumerLag: 0,
      lagByPartition: [],
      dataQuality: { total: 0, byKind: {} },
      countsByLevel: {},
      countsByTrigger: {},
      process: { cpuPercent: 0, rssBytes: 0, heapUsedBytes: 0, eventLoopDelayMs: percentiles },
      diskBytes: 0,
    },
    config: null,
  };
}

export function makeBatch(seq: number, events: EventBatch['events']): EventBatch {
  return { seq, at: seq, events };
}
