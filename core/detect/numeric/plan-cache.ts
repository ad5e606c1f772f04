/**
 * Template plans (template-plan.ts) cached by template id, bounded (least recently planned first
 * out). A plan is rebuilt when its template's text changed (the miner generalized it). Each entry
 * also caches its stream keys (`stream|template|label`), so the steady state builds no strings.
 */
import type { Analysis } from '../../contract';
import type { NumericTables } from './tables';
import { planTemplate, type TemplatePlan } from './template-plan';

export class PlanEntry {
  private stream: string | null = null;
  private readonly keys = new Map<string, string>();
  private readonly streamKeys = new Map<string, string>();
  constructor(readonly plan: TemplatePlan) {}

  /**
   * The detector key of `label` for `stream`: in this template (`perTemplate`), or across the
   * stream's templates (`stream|*|label`).
   */
  key(stream: string, label: string, perTemplate: boolean): string {
    if (stream !== this.stream) {
      this.stream = stream;
      this.keys.clear();
      this.streamKeys.clear();
    }
    const cache = perTemplate ? this.keys : this.streamKeys;
    let key = cache.get(label);
    if (key === undefined) {
      key = `${stream}|${perTemplate ? this.plan.templateId : '*'}|${label}`;
      if (cache.size < 64) cache.set(label, key);
    }
    return key;
  }
}

export class PlanCache {
  private readonly entries = new Map<string, PlanEntry>();

  constructor(
    private readonly tables: NumericTables,
    private readonly maxPlans: number,
  ) {}

  get(analysis: Analysis): PlanEntry {
    const entry = this.entries.get(analysis.templateId);
    if (entry !== undefined && entry.plan.template === analysis.template) return entry;
    if (entry !== undefined) this.entries.delete(analysis.templateId);
    else if (this.entries.size >= this.maxPlans) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const fresh = new PlanEntry(
      planTemplate(this.tables, analysis.templateId, analysis.template, analysis.params),
    );
    this.entries.set(analysis.templateId, fresh);
    return fresh;
  }

  get size(): number {
    return this.entries.size;
  }
}
