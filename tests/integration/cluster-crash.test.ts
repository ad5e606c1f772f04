/**
 * Issue 19, crash: a fold member (an analyzer's) in its own process is SIGKILLed in the middle of
 * the stream. The surviving member takes its partitions (after the session timeout, and after the
 * broker aborts the dead member's open transaction), restores their alert states and folds on. In
 * the end the fold group's committed offsets equal the high watermarks and every alert count is
 * exact: nothing lost, nothing counted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertFolder } from '../../core/cluster/alert-folder';
import { AlertView } from '../../core/cluster/alert-view';
import { clusterGroups, clusterTopics } from '../../core/cluster/topics';
import { KafkaConfig } from '../../core/contract';
import type { SourceLogger } from '../../core/ingest/kafka-log';
import { testBrokers } from '../harness/brokers';
import { eventually, testKafka, uniqueName } from '../harness/kafka-fixtures';
import { BRUTE_FORCE, clusterEvidence, produceEvidence } from './support/cluster-evidence';
import { groupOffsets } from './support/group-offsets';

const quiet: SourceLogger = () => undefined;

describe('cluster: an analyzer killed mid-stream', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('crash');
  const kafka = KafkaConfig.parse({ brokers, clientId: 'vigil-cluster-crash' });
  const survivor = new AlertFolder({
    kafka,
    cluster,
    memberId: 'survivor',
    partitions: 6,
    sessionTimeoutMs: 6000,
    transactionTimeoutMs: 6000,
    logger: quiet,
  });
  const view = new AlertView({ kafka, cluster, logger: quiet });
  let child: ChildProcess | null = null;
  let childOut = '';

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await view.stop();
    await survivor.stop();
  });

  it('loses and doubles nothing: exact counts, committed offsets at the high watermarks', async () => {
    await survivor.start();
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'support', 'fold-member.ts'),
        JSON.stringify({ brokers, cluster, memberId: 'doomed' }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (childOut += chunk.toString('utf8')));
    await eventually(
      'both members share the partitions',
      () => survivor.ownedPartitions().length === 3,
      90_000,
    );
    await view.start();

    const { records, expected } = clusterEvidence(600, 60);
    const topic = clusterTopics(cluster).evidence;
    const producer = testKafka(brokers);
    const half = Math.floor(records.length / 2);
    // First half in small requests, so the doomed member is folding when it dies.
    await produceEvidence(producer, topic, records.slice(0, half), 20);
    await eventually('the doomed member has committed some transactions', () =>
      /folded [3-9]\d* /.test(childOut),
    );
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await produceEvidence(producer, topic, records.slice(half), 20);
    const folded = childOut
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('folded'))
      .at(-1);
    console.log(`cluster crash: the doomed member had ${folded} (transactions, evidence) when killed`);

    await eventually(
      'the survivor owns every partition',
      () => survivor.ownedPartitions().length === 6,
      60_000,
    );
    const exact = () =>
      view.all().length === expected.size &&
      [...expected].every(([fp, count]) => view.get(fp)?.alert.count === count);
    await eventually('the console shows every alert with its exact count', exact, 120_000);
    console.log(`cluster crash: exact again ${Date.now() - killedAt} ms after the SIGKILL`);
    expect(view.get(BRUTE_FORCE)?.alert.count).toBe(600);

    const offsets = await groupOffsets(brokers, clusterGroups(cluster).fold, topic);
    expect(offsets.committed).toEqual(offsets.high);
    // Still exact once everything has settled (a doubled count would show here).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(exact()).toBe(true);
  });
});
