/**
 * Fencing per log partition (core/cluster/partition-producers.ts): the transactional id comes from
 * the partition; a claim sends kafkajs' transactional InitProducerId before reading the committed
 * offset; a batch that does not start there is refused with the offset to fetch from; producers of
 * partitions moved away are released. The broker side (the fence itself) is tested in
 * tests/integration/cluster-fencing.test.ts.
 */
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type Admin, type Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  isFencedError,
  PartitionProducers,
  partitionTransactionalId,
} from '../../core/cluster/partition-producers';

interface FakeProducer {
  id: string;
  calls: string[];
}

function setup(committed: Record<string, string>, failConnect = false) {
  const producers: FakeProducer[] = [];
  const kafka = {
    producer: (options: { transactionalId: string }) => {
      const fake: FakeProducer = { id: options.transactionalId, calls: [] };
      producers.push(fake);
      return {
        connect: () => {
          fake.calls.push('connect');
          return failConnect ? Promise.reject(new Error('broker down')) : Promise.resolve();
        },
        transaction: () => {
          fake.calls.push('transaction');
          return Promise.resolve({
            abort: () => {
              fake.calls.push('abort');
              return Promise.resolve();
            },
          });
        },
        disconnect: () => {
          fake.calls.push('disconnect');
          return Promise.resolve();
        },
      };
    },
  } as unknown as Kafka;
  const fetches: string[] = [];
  const admin = {
    fetchOffsets: ({ topics }: { topics: string[] }) => {
      fetches.push(topics[0]!);
      return Promise.resolve(
        topics.map((topic) => ({
          topic,
          partitions: Object.entries(committed)
            .filter(([key]) => key.startsWith(`${topic}/`))
            .map(([key, offset]) => ({ partition: Number(key.split('/')[1]), offset })),
        })),
      );
    },
  } as unknown as Admin;
  const pool = new PartitionProducers({
    kafka,
    admin,
    cluster: 'team-a',
    groupId: 'vigil.team-a.analyzers',
    transactionTimeoutMs: 10_000,
  });
  return { pool, producers, fetches };
}

describe('partitionTransactionalId', () => {
  it('names the partition under the cluster’s prefix, whatever member owns it', () => {
    expect(partitionTransactionalId('team-a', 'app.logs', 3)).toBe('vigil.team-a.logs.app.logs.3');
    expect(partitionTransactionalId('team-a', 'app.logs', 3)).not.toBe(
      partitionTransactionalId('team-a', 'app.logs.3', 0),
    );
  });
});

describe('isFencedError', () => {
  it('recognises the broker’s epoch errors, also wrapped by kafkajs’ retrier', () => {
    // The shape kafkajs' createErrorFromCode hands the constructor (its typings say Error | string).
    const protocolError = (e: { type: string; code: number; retriable: boolean; message: string }) =>
      new KafkaJSProtocolError(e as unknown as Error);
    const epoch = protocolError({
      type: 'INVALID_PRODUCER_EPOCH',
      code: 47,
      retriable: false,
      message:
        "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
    });
    expect(isFencedError(epoch)).toBe(true);
    expect(isFencedError(new KafkaJSNumberOfRetriesExceeded(epoch, { retryCount: 5, retryTime: 100 }))).toBe(
      true,
    );
    const other = protocolError({
      type: 'COORDINATOR_NOT_AVAILABLE',
      code: 15,
      retriable: true,
      message: 'The coordinator is not available',
    });
    expect(isFencedError(other)).toBe(false);
    expect(isFencedError(new Error('socket hang up'))).toBe(false);
    expect(isFencedError(null)).toBe(false);
  });
});

describe('PartitionProducers', () => {
  it('claims a partition once (transactional init, then the committed offset) and reuses its producer', async () => {
    const { pool, producers, fetches } = setup({ 'logs/0': '5' });
    const first = await pool.acquire('logs', 0, '5');
    expect('producer' in first).toBe(true);
    expect(producers.map((p) => [p.id, p.calls])).toEqual([
      ['vigil.team-a.logs.logs.0', ['connect', 'transaction', 'abort']],
    ]);
    expect(fetches).toEqual(['logs']);
    const again = await pool.acquire('logs', 0, '5');
    expect(again).toEqual(first);
    expect([producers.length, fetches.length, pool.size]).toEqual([1, 1, 1]);
  });

  it('refuses a batch fetched from before the committed offset, then follows its own commits', async () => {
    const { pool } = setup({ 'logs/0': '5' });
    expect(await pool.acquire('logs', 0, '0')).toEqual({ seekTo: '5' });
    const got = await pool.acquire('logs', 0, '5');
    if (!('producer' in got)) throw new Error('expected the producer');
    pool.committed('logs', 0, got.producer, '9');
    expect(await pool.acquire('logs', 0, '5')).toEqual({ seekTo: '9' });
    expect('producer' in (await pool.acquire('logs', 0, '9'))).toBe(true);
    // Ahead of the commits (an out-of-range reset after retention): nothing committed overlaps it.
    expect('producer' in (await pool.acquire('logs', 0, '12'))).toBe(true);
  });

  it('after a transaction of unknown outcome, claims again and refuses the batch if it did commit', async () => {
    const committed = { 'logs/0': '5' };
    const { pool, producers, fetches } = setup(committed);
    const got = await pool.acquire('logs', 0, '5');
    if (!('producer' in got)) throw new Error('expected the producer');
    // EndTxn failed on the client, but the broker had committed offsets 5..9 (next 10).
    committed['logs/0'] = '10';
    await pool.unsure('logs', 0, got.producer);
    expect(producers[0]!.calls.at(-1)).toBe('disconnect');
    // The batch delivered again (fetched from 5) is refused: its logs were counted once already.
    expect(await pool.acquire('logs', 0, '5')).toEqual({ seekTo: '10' });
    expect([producers.length, fetches.length]).toEqual([2, 2]);
    expect(producers[1]!.calls).toEqual(['connect', 'transaction', 'abort']);
    // Had the broker aborted it, the committed offset stays and the same batch is taken.
    const again = await pool.acquire('logs', 0, '10');
    if (!('producer' in again)) throw new Error('expected the producer');
    await pool.unsure('logs', 0, again.producer);
    expect('producer' in (await pool.acquire('logs', 0, '10'))).toBe(true);
  });

  it('takes any start while the partition has no committed offset', async () => {
    const { pool } = setup({ 'logs/1': '-1' });
    expect('producer' in (await pool.acquire('logs', 1, '0'))).toBe(true);
    expect('producer' in (await pool.acquire('logs', 2, '17'))).toBe(true);
  });

  it('releases the producers of partitions a group join moved away, and drops a fenced one', async () => {
    const { pool, producers } = setup({});
    for (const partition of [0, 1, 2]) await pool.acquire('logs', partition, '0');
    await pool.keepOnly([{ topic: 'logs', partition: 1 }]);
    expect(pool.size).toBe(1);
    expect(producers.map((p) => p.calls.at(-1))).toEqual(['disconnect', 'abort', 'disconnect']);
    const kept = await pool.acquire('logs', 1, '0');
    if (!('producer' in kept)) throw new Error('expected the producer');
    expect(pool.holds('logs', 1, kept.producer)).toBe(true);
    await pool.drop('logs', 1, kept.producer);
    expect([pool.size, pool.holds('logs', 1, kept.producer)]).toEqual([0, false]);
    await pool.acquire('logs', 1, '0'); // claimed afresh: a new producer, a new epoch
    expect(producers).toHaveLength(4);
  });

  it('holds nothing when a claim fails, and says why', async () => {
    const { pool, producers } = setup({}, true);
    await expect(pool.acquire('logs', 0, '0')).rejects.toThrow('broker down');
    expect(pool.size).toBe(0);
    expect(producers[0]!.calls).toEqual(['connect', 'disconnect']);
  });
});
