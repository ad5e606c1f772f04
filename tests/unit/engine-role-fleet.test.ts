/**
 * Issue 19: the fleet part of a cluster role (core/engine/roles/fleet-role.ts) with doubles for its
 * two Kafka clients: what the analyzer's stats publisher is handed, and that a publisher or a fleet
 * reader that cannot start leaves the role running with the reason in the fleet's notes. The Kafka
 * side itself runs against the real broker in tests/integration/cluster-fleet.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { KafkaConfig } from '../../core/contract';
import type { StatsPublisherOptions } from '../../core/cluster/stats-publisher';
import { startFleet, type FleetClients } from '../../core/engine/roles/fleet-role';
import { makeStatus } from './engine-fixtures';
import { emptyFleet } from './fleet-fixtures';

const kafka = KafkaConfig.parse({ brokers: ['127.0.0.1:9'] });
const quiet = () => undefined;

function doubles(fail: { publisher?: string; view?: string } = {}) {
  const events: string[] = [];
  let published: StatsPublisherOptions | null = null;
  const viewStatus = emptyFleet('analyzer', 1);
  const clients: FleetClients = {
    publisher: (options) => {
      published = options;
      return {
        start: () => (fail.publisher ? Promise.reject(new Error(fail.publisher)) : Promise.resolve()),
        stop: () => {
          events.push('publisher stopped');
          return Promise.resolve();
        },
      };
    },
    view: () => ({
      start: () => (fail.view ? Promise.reject(new Error(fail.view)) : Promise.resolve()),
      stop: () => {
        events.push('view stopped');
        return Promise.resolve();
      },
      status: () => viewStatus,
    }),
  };
  return { clients, events, published: () => published };
}

const publish = {
  analyzerId: 'vm-1',
  engineStatus: () => ({ ...makeStatus(), startedAt: null }),
  logPartitions: () => [{ topic: 'logs', partition: 2 }],
  fold: () => ({ owned: [1], partitions: 6 }),
};

describe('startFleet', () => {
  it('hands the analyzer’s publisher a snapshot of its engine, its partitions and its fold', async () => {
    const d = doubles();
    const before = Date.now();
    const fleet = await startFleet(
      { kafka, cluster: 'team-a', role: 'analyzer', logger: quiet, publish },
      d.clients,
    );
    const options = d.published()!;
    expect(options).toMatchObject({ cluster: 'team-a', analyzerId: 'vm-1' });
    const snapshot = options.snapshot();
    expect(snapshot.role).toBe('analyzer');
    expect(snapshot.logPartitions).toEqual([{ topic: 'logs', partition: 2 }]);
    expect(snapshot.fold).toEqual({ owned: [1], partitions: 6 });
    // Before the engine's source runs, the role's own start time.
    expect(snapshot.status.startedAt).toBeGreaterThanOrEqual(before);
    expect(fleet.status()).toMatchObject({
      role: 'analyzer',
      notes: ['no analyzer has published stats yet'],
    });
    await fleet.stop();
    expect(d.events).toEqual(['publisher stopped', 'view stopped']); // the leaving record goes first
  });

  it('a console publishes nothing', async () => {
    const d = doubles();
    await startFleet({ kafka, cluster: 'team-a', role: 'console', logger: quiet }, d.clients);
    expect(d.published()).toBeNull();
  });

  it('a publisher that cannot start leaves the role running and says why in the notes', async () => {
    const d = doubles({ publisher: 'Topic authorization failed' });
    const warnings: string[] = [];
    const fleet = await startFleet(
      {
        kafka,
        cluster: 'team-a',
        role: 'analyzer',
        logger: (_level, message) => warnings.push(message),
        publish,
      },
      d.clients,
    );
    const status = fleet.status();
    expect(status.role === 'standalone' ? [] : status.notes).toEqual([
      "this analyzer's stats publisher could not start: Topic authorization failed",
      'no analyzer has published stats yet',
    ]);
    expect(warnings).toHaveLength(1);
  });

  it('a fleet reader that cannot start answers an empty fleet of its cluster, with why', async () => {
    const d = doubles({ view: 'Group authorization failed' });
    const fleet = await startFleet({ kafka, cluster: 'team-a', role: 'console', logger: quiet }, d.clients);
    expect(fleet.status()).toMatchObject({
      role: 'console',
      cluster: 'team-a',
      topic: 'vigil.team-a.stats',
      analyzers: [],
      notes: ['the fleet view could not start: Group authorization failed'],
    });
  });
});
