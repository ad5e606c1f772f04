/**
 * Roles in the start request (issue 19): standalone by default, analyzer and console with a cluster
 * that names Vigil's own topics; the consumer group and the analyzer id each role runs with.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartRequest } from '../../core/contract';
import { clusterGroups, clusterTopics } from '../../core/cluster/topics';
import { installationGroup, installationId, prepareStart } from '../../core/engine/installation-group';

let dataDir: string;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-roles-'));
});
afterEach(async () => {
  await fsp.rm(dataDir, { recursive: true, force: true });
});

describe('cluster topic names', () => {
  it('prefixes every topic and group with vigil.<cluster>', () => {
    expect(clusterTopics('team-a')).toEqual({
      evidence: 'vigil.team-a.evidence',
      alerts: 'vigil.team-a.alerts',
      actions: 'vigil.team-a.actions',
      stats: 'vigil.team-a.stats',
    });
    expect(clusterGroups('team-a')).toEqual({ logs: 'vigil.team-a.analyzers', fold: 'vigil.team-a.fold' });
  });
});

describe('start request roles (issue 19)', () => {
  const brokers = ['127.0.0.1:9092'];

  it('accepts standalone (default), analyzer and console with a cluster', () => {
    expect(StartRequest.parse({ source: 'kafka', kafka: { brokers } }).role).toBeUndefined();
    for (const role of ['analyzer', 'console'] as const) {
      const parsed = StartRequest.parse({ source: 'kafka', kafka: { brokers }, role, cluster: 'team-a' });
      expect(parsed).toMatchObject({ role, cluster: 'team-a' });
    }
  });

  it('refuses a role without a cluster, a cluster without a role, a dotted cluster and a demo analyzer', () => {
    const issues = (input: unknown) =>
      StartRequest.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ source: 'kafka', kafka: { brokers }, role: 'analyzer' })).toEqual([
      'cluster: the analyzer role needs a cluster name',
    ]);
    expect(issues({ source: 'kafka', kafka: { brokers }, cluster: 'team-a' })).toEqual([
      'cluster: a cluster needs the role analyzer or console',
    ]);
    expect(issues({ source: 'kafka', kafka: { brokers }, role: 'console', cluster: 'a.b' })[0]).toMatch(
      /^cluster: letters, digits/,
    );
    expect(issues({ source: 'demo', role: 'analyzer' })).toHaveLength(1);
  });

  it('decides the group each role reads the log topics with', async () => {
    const analyzer = await prepareStart(
      StartRequest.parse({
        source: 'kafka',
        kafka: { brokers, groupId: 'mine' },
        role: 'analyzer',
        cluster: 'a',
      }),
      dataDir,
    );
    // Analyzers of one cluster share one group whatever a request names: Kafka spreads the partitions.
    expect(analyzer.source === 'kafka' && analyzer.kafka.groupId).toBe('vigil.a.analyzers');
    const console = await prepareStart(
      StartRequest.parse({ source: 'kafka', kafka: { brokers }, role: 'console', cluster: 'a' }),
      dataDir,
    );
    expect(console.source === 'kafka' && console.kafka.groupId).toBeUndefined();
    const standalone = await prepareStart(
      StartRequest.parse({ source: 'kafka', kafka: { brokers } }),
      dataDir,
    );
    expect(standalone.source === 'kafka' && standalone.kafka.groupId).toBe(await installationGroup(dataDir));
  });

  it('gives an analyzer a stable id from its installation', async () => {
    const id = await installationId(dataDir);
    expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}-[0-9a-f]{8}$/);
    expect(`vigil-${id}`).toBe(await installationGroup(dataDir));
    expect(await installationId(dataDir)).toBe(id);
    const other = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-roles-other-'));
    try {
      expect(await installationId(other)).not.toBe(id);
    } finally {
      await fsp.rm(other, { recursive: true, force: true });
    }
  });
});
