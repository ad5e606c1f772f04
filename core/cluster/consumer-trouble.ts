/**
 * Why a consumer of Vigil's own topics is not reading now, from kafkajs's events: a crash (retried or
 * not) sets the reason, joining the group again clears it. One mechanism for the console's alert view
 * and the analyzer's fold member, whose reasons reach the engine's health.
 */
import type { Consumer } from 'kafkajs';

export class ConsumerTrouble {
  private reason: string | null = null;

  /** `what`: the consumer's job in a reason, e.g. "reading vigil.team-a.alerts". */
  watch(consumer: Consumer, what: string): void {
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.reason = payload.restart
        ? `${what} failed, retrying: ${payload.error.message}`
        : `${what} stopped: ${payload.error.message}`;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.reason = null;
    });
  }

  /** Why the consumer is not reading now (null: it is). */
  problem(): string | null {
    return this.reason;
  }
}
