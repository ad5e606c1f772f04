/**
 * A console's "source" (issue 19): it reads no logs. The engine starts and stops it like any
 * source, so a console's status says running, with the cluster's alert view behind it (the view
 * is started by the role before this, stopped by the role after), and its health says when the view
 * cannot follow the alerts topic (a broker gone: stale alerts never look current).
 */
import type { BatchHandler, LogSource, SourceStatus } from '../../ingest/source';

export class FollowSource implements LogSource {
  readonly kind = 'kafka' as const;
  private running = false;

  /** @param problem why the cluster's alerts are not being followed now (null: they are). */
  constructor(private readonly problem: () => string | null = () => null) {}

  start(_handler: BatchHandler): Promise<void> {
    this.running = true;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  status(): SourceStatus {
    if (!this.running) return { state: 'stopped', reason: null, lag: [] };
    const problem = this.problem();
    return problem === null
      ? { state: 'running', reason: null, lag: [] }
      : { state: 'reconnecting', reason: problem, lag: [] };
  }
}
