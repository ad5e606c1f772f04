/**
 * The miner's templates (see miner.ts): live ones by key, least recently used first and bounded by
 * `maxTemplates` (the stalest is evicted); their ids, unique among live and retired ones; and the
 * retired ones (merged or evicted), so that an old id still resolves to its survivor.
 */
import type { Shape } from './shape';
import { setVarPositions, type Template } from './template';
import { templateIdFor } from './template-id';

export interface TemplateSummary {
  templateId: string;
  template: string;
  count: number;
  /** Epoch milliseconds of the first and the latest message of the template. */
  firstSeen: number;
  lastSeen: number;
}

export class TemplateRegistry {
  /** Template key → template. Iteration order is least recently used first. */
  private readonly byKey = new Map<string, Template>();
  /** Live and retired ids, for id clashes and `resolve`. */
  private readonly byId = new Map<string, Template>();
  private readonly retired = new Map<string, Template>();
  private templatesCreated = 0;

  /** `shapeEmptied` unfiles a shape whose last template was evicted. */
  constructor(
    private readonly maxTemplates: number,
    private readonly shapeEmptied: (shape: Shape) => void,
  ) {}

  /** Number of live templates. */
  get size(): number {
    return this.byKey.size;
  }

  get(key: string): Template | undefined {
    return this.byKey.get(key);
  }

  /** Moves a template to the most recently used end (re-inserting changes the Map's order). */
  touch(template: Template): void {
    this.byKey.delete(template.key);
    this.byKey.set(template.key, template);
  }

  /** A new template of `shape`, after evicting the least recently used ones beyond the bound. */
  create(
    shape: Shape,
    tokens: string[],
    text: string,
    key: string,
    at: number,
    operations: number,
  ): Template {
    while (this.byKey.size >= this.maxTemplates) {
      this.evict(this.byKey.values().next().value as Template);
    }
    const seq = this.templatesCreated++;
    const id = templateIdFor(
      text,
      (candidate) => this.byId.has(candidate) || this.retired.has(candidate),
      seq,
    );
    const template: Template = {
      id,
      seq,
      shape,
      tokens,
      varPositions: [],
      varPieces: [],
      text,
      key,
      count: 1,
      touchedAt: operations,
      firstSeen: at,
      lastSeen: at,
      mergedInto: null,
      evicted: false,
    };
    setVarPositions(template);
    this.byKey.set(key, template);
    this.byId.set(id, template);
    shape.templates.set(key, template);
    return template;
  }

  /** Evicts every template of a shape that is being dropped. */
  dropTemplatesOf(shape: Shape): void {
    for (const t of [...shape.templates.values()] as Template[]) {
      t.evicted = true;
      this.byKey.delete(t.key);
      this.byId.delete(t.id);
    }
    shape.templates.clear();
  }

  /**
   * After positions of a shape turned variable, re-derives its templates' tokens; templates that
   * now coincide merge into the oldest, which keeps its id. The others are retired: their ids
   * resolve to the survivor.
   */
  mergeCoinciding(shape: Shape): void {
    const members = [...shape.templates.values()] as Template[];
    members.sort((a, b) => a.seq - b.seq);
    shape.templates.clear();
    for (const t of members) {
      this.byKey.delete(t.key);
      t.tokens = shape.templateTokens(t.tokens);
      setVarPositions(t);
      t.text = t.tokens.join(' ');
      t.key = `${shape.id}\u0001${t.text}`;
      const survivor = shape.templates.get(t.key) as Template | undefined;
      if (survivor) {
        survivor.count += t.count;
        survivor.lastSeen = Math.max(survivor.lastSeen, t.lastSeen);
        t.mergedInto = survivor;
        this.byId.delete(t.id);
        this.retire(t);
      } else {
        shape.templates.set(t.key, t);
        this.byKey.set(t.key, t);
      }
    }
  }

  /** The current id of a template: itself, or the template it was merged into. */
  resolve(templateId: string): string {
    let t = this.retired.get(templateId);
    if (!t) return templateId;
    while (t.mergedInto) t = t.mergedInto;
    return t.id;
  }

  /** Ids of merged (and evicted) templates, oldest first: `resolve` tells where each went. */
  retiredIds(): IterableIterator<string> {
    return this.retired.keys();
  }

  /** Live templates, least recently used first. */
  *summaries(): IterableIterator<TemplateSummary> {
    for (const t of this.byKey.values()) {
      yield {
        templateId: t.id,
        template: t.text,
        count: t.count,
        firstSeen: t.firstSeen,
        lastSeen: t.lastSeen,
      };
    }
  }

  private evict(template: Template): void {
    template.evicted = true;
    this.byKey.delete(template.key);
    this.byId.delete(template.id);
    const shape = template.shape;
    shape.templates.delete(template.key);
    if (shape.templates.size === 0) this.shapeEmptied(shape);
  }

  private retire(template: Template): void {
    if (this.retired.size >= this.maxTemplates)
      this.retired.delete(this.retired.keys().next().value as string);
    this.retired.set(template.id, template);
  }
}
