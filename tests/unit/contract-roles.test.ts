/**
 * Roles in the start request (issue 19): standalone by default, analyzer and console with a cluster
 * that names Vigil's own topics; what cannot run yet is refused, never run standalone in disguise.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartRequest } from '../../core/contract';
import { clusterGroups, clusterTopics } from '../../core/cluster/topics';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { FakeLogSource } from './engine-fake-source';

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

  it('makes the engine refuse a role it cannot run yet, instead of running standalone', async () => {
    const engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      createSource: () => new FakeLogSource('kafka'),
      tickMs: 3_600_000,
      eventIntervalMs: 3_600_000,
    });
    try {
      const analyzer = StartRequest.parse({
        source: 'kafka',
        kafka: { brokers },
        role: 'analyzer',
        cluster: 'a',
      });
      await expect(engine.start(analyzer)).rejects.toThrow(/analyzer role is not available/);
      expect(engine.status().running).toBe(false);
    } finally {
      await engine.close();
    }
  });
});
