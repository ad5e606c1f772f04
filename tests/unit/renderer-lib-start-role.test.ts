/**
 * Issue 19: the Start panel's role and cluster (renderer/src/lib/start-request.ts). The messages are
 * the contract's own (core/contract/config.ts), shown under the cluster field.
 */
import { describe, expect, it } from 'vitest';
import { StartRequest } from '../../core/contract';
import { buildStartRequest } from '../../renderer/src/lib/start-request';
import { DEFAULT_KAFKA_FORM, INITIAL_SETTINGS, adoptRunningConfig } from '../../renderer/src/stores/settings';
import { makeStatus } from './engine-fixtures';

const demo = INITIAL_SETTINGS.demo;
const kafka = { ...DEFAULT_KAFKA_FORM, brokers: 'k1:9092', topics: 'logs' };

describe('start request with a role', () => {
  it('sends no role for standalone (the default), as before', () => {
    const built = buildStartRequest('kafka', kafka, demo, { role: 'standalone', name: 'ignored' });
    expect(built.ok && built.request).not.toHaveProperty('role');
    expect(built.ok && built.request).not.toHaveProperty('cluster');
  });

  it('builds an analyzer start with its cluster and log topics', () => {
    const built = buildStartRequest('kafka', kafka, demo, { role: 'analyzer', name: ' team-a ' });
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    expect(built.request).toMatchObject({ role: 'analyzer', cluster: 'team-a', kafka: { topics: ['logs'] } });
    expect(StartRequest.safeParse(built.request).success).toBe(true);
  });

  it('builds a console start with no log topics, even when the topic field is empty', () => {
    const built = buildStartRequest('kafka', { ...kafka, topics: '' }, demo, {
      role: 'console',
      name: 'team-a',
    });
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    expect(built.request).toMatchObject({ role: 'console', cluster: 'team-a', kafka: { topics: [] } });
  });

  it('shows the contract’s messages under the cluster field', () => {
    const missing = buildStartRequest('kafka', kafka, demo, { role: 'console', name: '  ' });
    expect(missing.ok ? [] : missing.errors).toEqual([
      { field: 'cluster', message: 'the console role needs a cluster name' },
    ]);
    const dotted = buildStartRequest('kafka', kafka, demo, { role: 'analyzer', name: 'team.a' });
    expect(dotted.ok ? [] : dotted.errors.map((e) => e.field)).toEqual(['cluster']);
    expect(dotted.ok ? '' : dotted.errors[0]!.message).toContain('letters, digits');
  });

  it('takes the role and cluster over from a running engine’s configuration', () => {
    const config = StartRequest.parse({
      source: 'kafka',
      kafka: { brokers: ['k1:9092'] },
      role: 'console',
      cluster: 'ops',
    });
    const adopted = adoptRunningConfig(INITIAL_SETTINGS, { ...makeStatus(), config, startedAt: 5 });
    expect(adopted.cluster).toEqual({ role: 'console', name: 'ops', workers: '' });
  });
});
