/**
 * A console's "source" (issue 19): it reads no logs. The engine starts and stops it like any
 * source, so a console's status says running, with the cluster's alert view behind it (the view
 * is started by the role before this, stopped by the role after).
 */
import type { BatchHandler, LogSource, SourceStatus } from '../../ingest/source';

export class FollowSource implements LogSource {
  readonly kind = 'kafka' as const;
  private running = false;

  start(_handler: BatchHandler): Promise<void> {
    this.running = true;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  status(): SourceStatus {
    return this.running
      ? { state: 'running', reason: null, lag: [] }
      : { state: 'stopped', reason: null, lag: [] };
  }
}
