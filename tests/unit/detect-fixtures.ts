/** Builders for records and analyses used by the detect-* and alerts-* unit tests. */
import type { Analysis, LogRecord } from '../../core/contract';

export function record(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    time: 0,
    topic: 'logs',
    partition: 0,
    offset: '0',
    service: 'api',
    host: 'host-1',
    level: 'info',
    message: 'request handled',
    fields: {},
    format: 'plain',
    ...overrides,
  };
}

export function analysis(overrides: Partial<Analysis> = {}): Analysis {
  return {
    templateId: 't1',
    template: 'request handled',
    params: [],
    severity: 'info',
    category: 'normal',
    scores: { severity: {}, category: {} },
    classifiedBy: 'model',
    ...overrides,
  };
}
