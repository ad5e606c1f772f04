/**
 * The Kafka source's periodic admin poll: every interval it reads the group's lag per partition
 * and, for a pattern subscription whose refresh is due, looks for newly matching topics. It is
 * also the source's early warning: a poll that cannot reach the broker says `reconnecting` well
 * before the consumer's own retries run out, and a poll that gets through again ends what it set.
 */
import type { Admin } from 'kafkajs';
import { describeKafkaError } from './kafka-errors';
import type { LagTracker } from './kafka-lag';
import { pollGroupLag } from './kafka-lag-poll';
import type { SourceLogger } from './kafka-log';
import type { SourceCondition } from './kafka-source-condition';
import type { TopicSubscription } from './kafka-topics';

export interface AdminPollParts {
  intervalMs: number;
  groupId: string;
  secrets: readonly string[];
  lag: LagTracker;
  condition: SourceCondition;
  logger: SourceLogger;
  /** The admin client and the subscription as they are now; null once the source stops. */
  clients(): { admin: Admin; subscription: TopicSubscription } | null;
  /** Topics newly match the pattern: the consumer must be replaced to take them (`why` says so). */
  takeNewTopics(why: string): Promise<void>;
}

export class AdminPoll {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly parts: AdminPollParts) {}

  /** Polls every interval until `stop`, each poll starting an interval after the last one ended. */
  start(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pollOnce().finally(() => this.start());
    }, this.parts.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async pollOnce(): Promise<void> {
    const clients = this.parts.clients();
    if (clients === null || this.stopped) return;
    const { admin, subscription } = clients;
    const { condition, lag } = this.parts;
    try {
      if (subscription.refreshDue(Date.now())) await this.refreshPatternTopics(admin, subscription);
      await pollGroupLag(admin, this.parts.groupId, [...subscription.topics], lag);
      condition.adminReachable();
    } catch (error) {
      if (this.stopped) return;
      const reason = describeKafkaError(error, this.parts.secrets);
      this.parts.logger('debug', `lag poll failed: ${reason}`);
      condition.adminFailed(reason);
    }
  }

  private async refreshPatternTopics(admin: Admin, subscription: TopicSubscription): Promise<void> {
    const added = await subscription.refresh(admin);
    this.parts.lag.retainTopics(new Set(subscription.topics));
    // Also the first match of a subscription that was waiting: everything it matches is new.
    if (added.length > 0) {
      await this.parts.takeNewTopics(
        `topics newly matching ${subscription.pattern?.source ?? ''}: ${added.join(', ')}`,
      );
    }
  }
}
