/**
 * Delays between the restarts a Kafka source does itself when kafkajs gives up on a consumer:
 * doubling from `initialMs` up to `maxMs`, with ±20 % jitter so that the members of a group do not
 * all restart in lockstep after a shared outage. `reset` once a consumer has joined its group.
 */
export class RestartBackoff {
  private attempts = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next restart (and one more attempt counted). */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempts, 20));
    this.attempts++;
    return Math.round(base * (0.8 + this.random() * 0.4));
  }

  reset(): void {
    this.attempts = 0;
  }
}
