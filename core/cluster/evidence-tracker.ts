/**
 * Turns the alerts a batch changed in an analyzer's own (local) alert store into alert evidence:
 * the occurrences each alert gained since the last batch (docs/scaling.md). Pure and bounded. The
 * local store starts empty with the analyzer (it keeps no history of its own), so every count it
 * holds came from batches this tracker saw; a count that went down is an alert the store evicted
 * and created again, whose whole count is new.
 */
import type { Alert } from '../contract';
import { MAX_SAMPLES, type Evidence } from './evidence';

export class EvidenceTracker {
  private readonly lastCount = new Map<string, number>();

  constructor(private readonly maxAlerts = 50_000) {}

  /** The evidence of one batch; the counts advance whether or not its transaction then commits. */
  take(changed: readonly Alert[]): Evidence[] {
    const out: Evidence[] = [];
    for (const alert of changed) {
      const last = this.lastCount.get(alert.fingerprint) ?? 0;
      const count = alert.count >= last ? alert.count - last : alert.count;
      this.lastCount.delete(alert.fingerprint); // re-insert: least recently changed first out
      this.lastCount.set(alert.fingerprint, alert.count);
      if (count === 0) continue;
      out.push({
        v: 1,
        fingerprint: alert.fingerprint,
        level: alert.level,
        trigger: alert.trigger,
        title: alert.title,
        reason: alert.reason,
        service: alert.service,
        topic: alert.topic,
        templateId: alert.templateId,
        template: alert.template,
        rule: alert.rule ?? null,
        count,
        firstSeen: alert.lastSeen,
        lastSeen: alert.lastSeen,
        samples: alert.samples.slice(-MAX_SAMPLES).map((text) => ({ time: alert.lastSeen, text })),
      });
    }
    for (const key of this.lastCount.keys()) {
      if (this.lastCount.size <= this.maxAlerts) break;
      this.lastCount.delete(key);
    }
    return out;
  }
}
