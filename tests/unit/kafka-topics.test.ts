import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../../core/ingest/kafka-restart-backoff';
import { TopicSubscription } from '../../core/ingest/kafka-topics';

/** An admin client that only lists topics: the one call a subscription makes. */
function adminListing(topics: () => string[]): Admin {
  return { listTopics: () => Promise.resolve(topics()) } as unknown as Admin;
}

describe('TopicSubscription', () => {
  it('consumes a fixed list as configured, without asking the cluster', async () => {
    const sub = new TopicSubscription({ topics: ['logs', 'security'], topicPattern: null }, 30_000);
    await sub.resolve(adminListing(() => ['other']));
    expect(sub.topics).toEqual(['logs', 'security']);
    expect(sub.subscribeTo()).toEqual(['logs', 'security']);
    expect(sub.waiting).toBe(false);
    expect(sub.refreshDue(Date.now() + 60_000)).toBe(false);
    expect(sub.describe()).toBe('topics logs, security');
  });

  it('matches a pattern against the cluster, never internal topics, and reports new matches', async () => {
    let cluster = ['app-a', '__consumer_offsets', 'db'];
    const admin = adminListing(() => cluster);
    const sub = new TopicSubscription({ topics: [], topicPattern: 'app-.*|__.*' }, 30_000);
    await sub.resolve(admin);
    expect(sub.topics).toEqual(['app-a']);
    cluster = [...cluster, 'app-b'];
    expect(await sub.refresh(admin)).toEqual(['app-b']);
    expect(sub.topics).toEqual(['app-a', 'app-b']);
    expect(await sub.refresh(admin)).toEqual([]);
    expect(sub.describe()).toBe('topics matching ^(?!__)(?:app-.*|__.*)$');
  });

  it('waits while a pattern matches nothing, and is due for a refresh after the interval', async () => {
    const sub = new TopicSubscription({ topics: [], topicPattern: 'later-.*' }, 5_000);
    await sub.resolve(adminListing(() => []));
    expect(sub.waiting).toBe(true);
    expect(sub.waitingReason()).toContain('looking again every 5 s');
    expect(sub.refreshDue(Date.now())).toBe(false);
    expect(sub.refreshDue(Date.now() + 5_000)).toBe(true);
  });

  it('refuses a subscription with nothing to consume, and an invalid pattern, with a readable error', () => {
    expect(() => new TopicSubscription({ topics: [], topicPattern: null }, 1)).toThrow(
      /no topics to consume/,
    );
    expect(() => new TopicSubscription({ topics: [], topicPattern: 'a(' }, 1)).toThrow(
      /invalid topicPattern/,
    );
  });
});

describe('RestartBackoff', () => {
  it('doubles up to the maximum, with jitter within ±20 %, and starts over after a reset', () => {
    const middle = new RestartBackoff(1000, 5000, () => 0.5); // jitter factor exactly 1
    expect([middle.next(), middle.next(), middle.next(), middle.next(), middle.next()]).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    middle.reset();
    expect(middle.next()).toBe(1000);
    expect(new RestartBackoff(1000, 5000, () => 0).next()).toBe(800);
    expect(new RestartBackoff(1000, 5000, () => 0.999999).next()).toBe(1200);
  });
});
