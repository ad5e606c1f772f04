import { describe, expect, it } from 'vitest';
import { LagTracker } from '../../core/ingest/kafka-lag';

describe('LagTracker', () => {
  it('is the high watermark minus the next offset to process, per partition', () => {
    const lag = new LagTracker('earliest');
    lag.observeWatermarks('logs', 0, '100', '0');
    lag.observePosition('logs', 0, '60');
    lag.observeWatermarks('logs', 1, '10', '0');
    lag.observePosition('logs', 1, '10');
    expect(lag.snapshot()).toEqual([
      { topic: 'logs', partition: 0, lag: 40 },
      { topic: 'logs', partition: 1, lag: 0 },
    ]);
    expect(lag.total()).toBe(40);
  });

  it('never lets an older committed offset raise lag again', () => {
    const lag = new LagTracker('earliest');
    lag.observeWatermarks('logs', 0, '100');
    lag.observePosition('logs', 0, '100');
    lag.observePosition('logs', 0, '80'); // an admin poll answered before our own commit landed
    expect(lag.total()).toBe(0);
  });

  it('counts from the low watermark for a group that starts at the earliest offset and has no commit', () => {
    const lag = new LagTracker('earliest');
    lag.observeWatermarks('logs', 0, '500', '200');
    lag.observePosition('logs', 0, '-1'); // Kafka's "no committed offset"
    expect(lag.total()).toBe(300);
  });

  it('reports no lag for a new group that starts at the latest offset', () => {
    const lag = new LagTracker('latest');
    lag.observeWatermarks('logs', 0, '500', '200');
    expect(lag.total()).toBe(0);
  });

  it('leaves out partitions whose high watermark is unknown, and ignores malformed offsets', () => {
    const lag = new LagTracker('earliest');
    lag.observePosition('logs', 0, '5');
    lag.observeWatermarks('logs', 1, 'garbage');
    expect(lag.snapshot()).toEqual([]);
  });

  it('handles offsets beyond 2^53 exactly', () => {
    const lag = new LagTracker('earliest');
    lag.observeWatermarks('big', 0, '9007199254741000');
    lag.observePosition('big', 0, '9007199254740990');
    expect(lag.total()).toBe(10);
  });

  it('orders by topic, then partition', () => {
    const lag = new LagTracker('latest');
    lag.observeWatermarks('b', 1, '1');
    lag.observeWatermarks('a', 2, '1');
    lag.observeWatermarks('a', 0, '1');
    expect(lag.snapshot().map((entry) => `${entry.topic}/${entry.partition}`)).toEqual(['a/0', 'a/2', 'b/1']);
  });

  it('forgets topics no longer consumed', () => {
    const lag = new LagTracker('earliest');
    lag.observeWatermarks('kept', 0, '5');
    lag.observeWatermarks('gone', 0, '5');
    lag.retainTopics(new Set(['kept']));
    expect(lag.snapshot().map((entry) => entry.topic)).toEqual(['kept']);
  });

  it('tracks at most maxPartitions partitions and counts what it refused', () => {
    const lag = new LagTracker('earliest', 2);
    for (let partition = 0; partition < 5; partition++) lag.observeWatermarks('logs', partition, '10');
    expect(lag.snapshot()).toHaveLength(2);
    expect(lag.refusedObservations()).toBe(3);
  });
});
