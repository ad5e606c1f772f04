/**
 * What a Kafka source consumes: a fixed list of topics, or the topics matching a pattern. A pattern
 * subscription re-lists the cluster's topics every `refreshIntervalMs` (through the admin client)
 * and reports the topics that newly match, so the source can resubscribe; until some topic matches
 * it is "waiting", with no consumer.
 */
import type { Admin } from 'kafkajs';
import type { KafkaConfig } from '../contract';
import { compileTopicPattern } from './kafka-client-config';

export class TopicSubscription {
  readonly pattern: RegExp | null;
  private current: string[] = [];
  private lastRefresh = 0;

  /** Throws a readable error for an invalid pattern, or when there is nothing to consume. */
  constructor(
    private readonly config: Pick<KafkaConfig, 'topics' | 'topicPattern'>,
    private readonly refreshIntervalMs: number,
  ) {
    this.pattern = config.topicPattern !== null ? compileTopicPattern(config.topicPattern) : null;
    if (this.pattern === null && config.topics.length === 0) {
      throw new Error('no topics to consume: configure topics or a topicPattern');
    }
  }

  /** The topics consumed: the configured list, or the current matches of the pattern. */
  get topics(): readonly string[] {
    return this.current;
  }

  /** A pattern subscription that matches no topic yet: there is nothing to run a consumer on. */
  get waiting(): boolean {
    return this.pattern !== null && this.current.length === 0;
  }

  /** What to pass to `consumer.subscribe`. */
  subscribeTo(): (string | RegExp)[] {
    return this.pattern !== null ? [this.pattern] : [...this.current];
  }

  /** Resolves the topics for the first time. */
  async resolve(admin: Admin): Promise<void> {
    this.current = await this.matching(admin);
    this.lastRefresh = Date.now();
  }

  /** Whether a pattern subscription is due for a fresh look at the cluster's topics. */
  refreshDue(now: number): boolean {
    return this.pattern !== null && now - this.lastRefresh >= this.refreshIntervalMs;
  }

  /** Lists the topics again; returns those that match now and did not before. */
  async refresh(admin: Admin): Promise<string[]> {
    const matched = await this.matching(admin);
    this.lastRefresh = Date.now();
    const added = matched.filter((topic) => !this.current.includes(topic));
    this.current = matched;
    return added;
  }

  /** For logs and status reasons: `topics a, b` or `topics matching <pattern>`. */
  describe(): string {
    return this.pattern !== null
      ? `topics matching ${this.pattern.source}`
      : `topics ${this.current.join(', ')}`;
  }

  /** The reason shown while waiting for a first matching topic. */
  waitingReason(): string {
    const every = Math.round(this.refreshIntervalMs / 1000);
    return `no topic matches ${this.pattern?.source ?? ''} yet; looking again every ${every} s`;
  }

  private async matching(admin: Admin): Promise<string[]> {
    const pattern = this.pattern;
    if (pattern === null) return [...this.config.topics];
    return (await admin.listTopics()).filter((topic) => pattern.test(topic)).sort();
  }
}
