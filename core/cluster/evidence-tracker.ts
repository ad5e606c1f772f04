/**
 * Turns the alerts a batch changed in an analyzer's own (local) alert store into alert evidence:
 * the occurrences each alert gained since the last batch (docs/scaling.md). Pure and bounded. The
 * local store starts empty with the analyzer (it keeps no history of its own), so every count it
 * holds came from batches this tracker saw; a count that went down is an alert the store evicted
 * and created again, whose whole count is new.
 */
import type { Alert, LocationCount } from '../contract';
import { MAX_SAMPLES, type Evidence } from './evidence';

export class EvidenceTracker {
  private readonly lastCount = new Map<string, number>();
  /** Issue 19 (i18 in a cluster): per alert, the count of each of its templates at the last batch. */
  private readonly lastTemplates = new Map<string, Map<string, number>>();

  constructor(private readonly maxAlerts = 50_000) {}

  /** The evidence of one batch; the counts advance whether or not its transaction then commits. */
  take(changed: readonly Alert[]): Evidence[] {
    const out: Evidence[] = [];
    for (const alert of changed) {
      const last = this.lastCount.get(alert.fingerprint) ?? 0;
      const count = alert.count >= last ? alert.count - last : alert.count;
      const templates = this.templateDelta(alert);
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
        ...(templates.length > 0 ? { templates } : {}),
      });
    }
    for (const key of this.lastCount.keys()) {
      if (this.lastCount.size <= this.maxAlerts) break;
      this.lastCount.delete(key);
      this.lastTemplates.delete(key);
    }
    return out;
  }

  /**
   * The occurrences each of the alert's templates gained since the last batch (busiest first). Per
   * template, not per alert: a reopened alert's count restarts but its templates keep counting; a
   * template whose count went down belongs to a re-created (evicted) alert, and counts whole.
   */
  private templateDelta(alert: Alert): LocationCount[] {
    if (alert.templates === undefined || alert.templates.length === 0) return [];
    const before = this.lastTemplates.get(alert.fingerprint);
    const now = new Map<string, number>();
    const out: LocationCount[] = [];
    for (const { value, count } of alert.templates) {
      now.set(value, count);
      const last = before?.get(value) ?? 0;
      const gained = count >= last ? count - last : count;
      if (gained > 0) out.push({ value, count: gained });
    }
    this.lastTemplates.set(alert.fingerprint, now);
    return out.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
  }
}
