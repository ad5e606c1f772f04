/**
 * Issue 19 against the real broker: two fold members (analyzers) share a cluster's 6-partition
 * evidence topic; two consoles materialize the compacted alerts topic. Both consoles show the
 * brute-force alert with exactly its 600 occurrences, and every other alert with its exact count;
 * an acknowledgement published by one console shows, with who and when, on the other.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ActionPublisher } from '../../core/cluster/action-publisher';
import { AlertFolder } from '../../core/cluster/alert-folder';
import { AlertView } from '../../core/cluster/alert-view';
import { clusterGroups, clusterTopics } from '../../core/cluster/topics';
import { KafkaConfig } from '../../core/contract';
import type { SourceLogger } from '../../core/ingest/kafka-log';
import { testBrokers } from '../harness/brokers';
import { eventually, testKafka, uniqueName } from '../harness/kafka-fixtures';
import { BRUTE_FORCE, clusterEvidence, produceEvidence } from './support/cluster-evidence';
import { groupOffsets } from './support/group-offsets';

const warnings: string[] = [];
const logger: SourceLogger = (level, message) => {
  if (level === 'warn' || level === 'error') warnings.push(message);
};

describe('cluster: analyzers fold evidence, consoles share alert state', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('team');
  const kafka = KafkaConfig.parse({ brokers, clientId: 'vigil-cluster-test' });
  const folders = ['a', 'b'].map(
    (memberId) =>
      new AlertFolder({ kafka, cluster, memberId, partitions: 6, sessionTimeoutMs: 6000, logger }),
  );
  const consoles = [0, 1].map(() => new AlertView({ kafka, cluster, logger }));
  const publisher = new ActionPublisher({ kafka, cluster, logger });

  afterAll(async () => {
    await publisher.close();
    for (const c of consoles) await c.stop();
    for (const f of folders) await f.stop();
  });

  it('shows one brute-force alert with count exactly 600 on both consoles', async () => {
    await folders[0]!.start();
    await folders[1]!.start();
    await eventually('both fold members own partitions', () =>
      folders.every((f) => f.ownedPartitions().length === 3),
    );
    for (const c of consoles) await c.start();

    const { records, expected } = clusterEvidence(600, 60);
    await produceEvidence(testKafka(brokers), clusterTopics(cluster).evidence, records);

    const exact = (view: AlertView) =>
      [...expected].every(([fp, count]) => view.get(fp)?.alert.count === count) &&
      view.all().length === expected.size;
    await eventually(
      'both consoles show every alert with its exact count',
      () => consoles.every(exact),
      90_000,
    );
    for (const view of consoles) {
      const brute = view.get(BRUTE_FORCE)!.alert;
      expect(brute).toMatchObject({ count: 600, level: 'critical', status: 'open' });
      expect(brute.samples.length).toBeGreaterThan(0);
    }
    expect(folders.reduce((n, f) => n + f.counters.evidence, 0)).toBe(records.length);
    expect(folders.every((f) => f.counters.badRecords === 0)).toBe(true);

    // Every evidence offset is committed by the fold group, in the same transactions as the states.
    const topic = clusterTopics(cluster).evidence;
    const offsets = await groupOffsets(brokers, clusterGroups(cluster).fold, topic);
    expect(offsets.committed).toEqual(offsets.high);
  });

  it('shows an acknowledgement made on one console, with who and when, on the other within 2 s', async () => {
    const at = Date.now();
    await publisher.publish({ v: 1, fingerprint: BRUTE_FORCE, action: 'ack', who: 'alice', at });
    const sent = Date.now();
    await eventually(
      'the other console shows the acknowledgement',
      () => consoles[1]!.get(BRUTE_FORCE)?.alert.status === 'acknowledged',
      10_000,
    );
    const seenAfterMs = Date.now() - sent;
    console.log(`cluster: acknowledgement seen on the other console after ${seenAfterMs} ms`);
    expect(seenAfterMs).toBeLessThan(2000);
    const state = consoles[1]!.get(BRUTE_FORCE)!;
    expect(state.actions.at(-1)).toEqual({ at, who: 'alice', action: 'ack', text: null });
    expect(state.alert.count).toBe(600);
    const owner = folders.find((f) => f.ownedStates().some((s) => s.alert.fingerprint === BRUTE_FORCE))!;
    expect(owner.ownedStates().find((s) => s.alert.fingerprint === BRUTE_FORCE)?.alert.status).toBe(
      'acknowledged',
    );
  });
});
