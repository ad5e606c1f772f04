/**
 * Per-template counts for the summary, with bounded memory: past `maxTemplates` the least seen half
 * is dropped (and counted in `dropped`; a dropped template that comes back starts again from zero). The miner itself keeps at most 10,000 templates, so a file rarely
 * reaches the bound.
 */
import type { Severity } from '../../contract';
import type { SummaryTemplate } from './types';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export class TemplateTally {
  private readonly byId = new Map<string, SummaryTemplate>();
  dropped = 0;

  constructor(private readonly maxTemplates = 20_000) {
    if (!(maxTemplates >= 2)) throw new Error('maxTemplates must be at least 2');
  }

  /** Templates in the tally now. */
  get tracked(): number {
    return this.byId.size;
  }

  add(templateId: string, template: string, severity: Severity, isError: boolean, time: number): void {
    let entry = this.byId.get(templateId);
    if (entry === undefined) {
      entry = {
        templateId,
        template,
        count: 0,
        errors: 0,
        warnings: 0,
        severity,
        firstSeen: time,
        lastSeen: time,
      };
      this.byId.set(templateId, entry);
    }
    entry.template = template;
    entry.count++;
    if (isError) entry.errors++;
    else if (severity === 'warning') entry.warnings++;
    const worst: Severity = isError ? 'error' : severity;
    if (SEVERITY_RANK[worst] > SEVERITY_RANK[entry.severity]) entry.severity = worst;
    if (time < entry.firstSeen) entry.firstSeen = time;
    if (time > entry.lastSeen) entry.lastSeen = time;
    if (this.byId.size > this.maxTemplates) this.prune();
  }

  /** The `limit` most frequent templates. */
  byCount(limit: number): SummaryTemplate[] {
    return this.top(limit, (a, b) => b.count - a.count);
  }

  /** Templates with errors or warnings: most errors first, then most warnings, then most logs. */
  bySeverity(limit: number): SummaryTemplate[] {
    return this.top(
      limit,
      (a, b) => b.errors - a.errors || b.warnings - a.warnings || b.count - a.count,
      (t) => t.errors > 0 || t.warnings > 0,
    );
  }

  private top(
    limit: number,
    order: (a: SummaryTemplate, b: SummaryTemplate) => number,
    keep: (t: SummaryTemplate) => boolean = () => true,
  ): SummaryTemplate[] {
    const chosen: SummaryTemplate[] = [];
    for (const entry of this.byId.values()) if (keep(entry)) chosen.push(entry);
    chosen.sort((a, b) => order(a, b) || a.firstSeen - b.firstSeen);
    return chosen.slice(0, limit).map((t) => ({ ...t }));
  }

  private prune(): void {
    const kept = Array.from(this.byId.values()).sort((a, b) => b.count - a.count);
    const keep = Math.floor(this.maxTemplates / 2);
    for (const entry of kept.slice(keep)) this.byId.delete(entry.templateId);
    this.dropped += kept.length - keep;
  }
}
