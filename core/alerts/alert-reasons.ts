/**
 * The latest evidence of each alert in the store (evidence.ts) and which alerts' `reason` text is
 * stale: an occurrence only updates the evidence; the text is recomposed when the alert is read
 * (`freshen`: a UI batch, a persistence write, a list), never per log.
 */
import type { Alert } from '../contract';
import type { AlertCandidate } from './candidate';
import { Evidence } from './evidence';

export class AlertReasons {
  private readonly evidence = new Map<Alert, Evidence>();
  private readonly staleReason = new Set<Alert>();

  /** A new alert's evidence, starting from its first reason. */
  start(alert: Alert, reason: string): void {
    this.evidence.set(alert, new Evidence(reason));
  }

  /** An alert built elsewhere or loaded: evidence from `reason` and the alert's samples. */
  seed(alert: Alert, reason: string): void {
    this.evidence.set(alert, new Evidence(reason).seed(alert.samples));
  }

  /** One occurrence of the alert: its evidence follows, its text is stale until read. */
  observe(alert: Alert, c: AlertCandidate, now: number): void {
    let evidence = this.evidence.get(alert);
    if (evidence === undefined) this.evidence.set(alert, (evidence = new Evidence(c.reason)));
    evidence.observe(c.reason, c.sample, now);
    this.staleReason.add(alert);
  }

  /** The reason from the latest evidence, written into the live alert (called before it is read). */
  freshen(alert: Alert, now: number): Alert {
    if (this.staleReason.delete(alert)) {
      const evidence = this.evidence.get(alert);
      if (evidence !== undefined) alert.reason = evidence.compose(alert, now);
    }
    return alert;
  }

  /** The addresses an alert's samples named, most frequent first (for incident grouping). */
  addressesOf(alert: Alert): string[] {
    return this.evidence.get(alert)?.topAddresses() ?? [];
  }

  forget(alert: Alert): void {
    this.evidence.delete(alert);
    this.staleReason.delete(alert);
  }

  clear(): void {
    this.evidence.clear();
    this.staleReason.clear();
  }
}
