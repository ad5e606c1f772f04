/** The renderer's live-log filter (renderer/src/lib/log-filter.ts): per-field matching and drop-down values. */
import { describe, expect, it } from 'vitest';
import { EMPTY_LOG_FILTER, distinctValues, filterLogs } from '../../renderer/src/lib/log-filter';
import { INITIAL_LOGS, appendLogs } from '../../renderer/src/stores/logs';
import { liveLog } from './renderer-fixtures';

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
