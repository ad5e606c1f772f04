/**
 * Online log template mining.
 *
 * Each message is masked (`mask.ts`), then placed in a shape (a Drain-style cluster of messages
 * with the same token count, found through an index on the token count plus the first token, or
 * plus the last token when the first one is the variable part), and finally in a template of
 * that shape: the message with the shape's variable positions replaced by `<*>` (see `shape.ts`).
 * Templates whose only difference turns out to be variable are merged into the oldest one; the
 * others' ids stay resolvable through `resolve`.
 *
 * Cost per message does not depend on the number of templates: lines equal up to their digits to
 * one seen before are not masked again (`mask-memo.ts`), an exact-match cache answers messages
 * whose masked form was seen before, and otherwise only the shapes of two index buckets
 * (each capped) are compared. Memory is bounded: templates beyond `maxTemplates` are evicted
 * least-recently-used first, and every index and cache has a cap.
 */
import { MaskMemo, type MaskedLine } from './mask-memo';
import { Shape } from './shape';
import { paramsOf, setVarPositions, type RawTokens, type Template } from './template';
import { VAR as PLACEHOLDER } from './placeholder';
import { templateIdFor } from './template-id';

// Bound once here: these are used for every message, and under tsx every read of an imported
// binding goes through an export getter (see char-class.ts).
const paramsOfMessage = paramsOf;
const VAR = PLACEHOLDER;

export interface MineResult {
  templateId: string;
  /** Template text: the masked message with variable positions as `<*>`, tokens joined by spaces. */
  template: string;
  /** The values behind the `<*>` of the template, in order. */
  params: string[];
  /** True when this message created the template. */
  isNew: boolean;
  /** The masked message, identical to `maskMessage(message)`: callers need not mask it again. */
  masked: string;
}

export interface TemplateSummary {
  templateId: string;
  template: string;
  count: number;
  /** Epoch milliseconds of the first and the latest message of the template. */
  firstSeen: number;
  lastSeen: number;
}

export interface TemplateMinerOptions {
  /** Templates kept at most; the least recently used are evicted beyond it. Default 10,000. */
  maxTemplates?: number;
  /** Lines whose masking is remembered (see mask-memo.ts); 0 turns the memo off. Default 8,192. */
  maskMemoEntries?: number;
}

/** Share of equal positions from which a message joins a shape (Drain's similarity threshold). */
const SIMILARITY_THRESHOLD = 0.5;
/** Shapes kept per index bucket; the least recently used one leaves a full bucket. */
const MAX_SHAPES_PER_BUCKET = 128;
/**
 * The last-token index is consulted only for messages this long, and only when the message differs
 * from a shape in its first token alone: short messages that differ in their first word are
 * usually different events.
 */
const MIN_TOKENS_FOR_LAST_TOKEN_MATCH = 5;

export class TemplateMiner {
  private readonly maxTemplates: number;
  /** `${tokenCount}|${firstToken}` and `${tokenCount}$${lastToken}` → shapes, most recent last. */
  private readonly buckets = new Map<string, Shape[]>();
  /** Template key → template. Iteration order is least recently used first. */
  private readonly byKey = new Map<string, Template>();
  /** Live and retired ids, for id clashes and `resolve`. */
  private readonly byId = new Map<string, Template>();
  private readonly retired = new Map<string, Template>();
  /** Masking of lines equal up to their digits to one seen before: most lines are not masked again. */
  private readonly memo: MaskMemo;
  /** Masked message → template, for messages whose masked form was seen before. */
  private readonly exact = new Map<string, Template>();
  private readonly maxExact: number;
  /**
   * Changes with every change to `exact`: a memo note (see `exactLookup`) taken under the current
   * stamp still tells what `exact` holds.
   */
  private exactStamp = 0;
  private shapesCreated = 0;
  private templatesCreated = 0;
  /** Messages learned so far; drives the approximate LRU below. */
  private operations = 0;
  /**
   * A template is moved to the recently-used end at most once per this many operations: moving
   * costs a Map delete and insert, and a template touched that recently is nowhere near eviction.
   */
  private readonly touchSlack: number;

  constructor(opts: TemplateMinerOptions = {}) {
    const max = opts.maxTemplates ?? 10_000;
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`maxTemplates must be a positive integer, got ${max}`);
    this.maxTemplates = max;
    this.memo = new MaskMemo(opts.maskMemoEntries ?? 8192);
    this.maxExact = Math.max(1024, max * 4);
    this.touchSlack = Math.floor(max / 8);
  }

  /** Number of live templates. */
  get size(): number {
    return this.byKey.size;
  }

  /** How often the masking memo answered (see mask-memo.ts), for benchmarks and diagnostics. */
  maskMemoStats(): { hits: number; misses: number; entries: number } {
    return { hits: this.memo.hits, misses: this.memo.misses, entries: this.memo.size };
  }

  /** Mines one message: finds or creates its template and learns from it. */
  add(message: string, at: number = Date.now()): MineResult {
    return this.process(message, true, at) as MineResult;
  }

  /** The template the message belongs to, without learning anything; null when none fits. */
  match(message: string): MineResult | null {
    return this.process(message, false, 0);
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
  *templates(): IterableIterator<TemplateSummary> {
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

  private process(message: string, learn: boolean, at: number): MineResult | null {
    const line = typeof message === 'string' ? message : String(message);
    const maskedLine = this.memo.mask(line);
    const { masked, key: exactKey } = maskedLine;
    const cached = this.exactLookup(maskedLine);
    if (cached) {
      const template = this.live(cached);
      if (template) return this.result(template, maskedLine, exactKey, false, learn, at);
      this.exact.delete(exactKey);
      this.exactStamp++;
    }

    const n = masked.length;
    const firstKey = `${n}|${n > 0 && !(masked[0] as string).includes(VAR) ? masked[0] : VAR}`;
    const lastKey = `${n}$${n > 0 && !(masked[n - 1] as string).includes(VAR) ? masked[n - 1] : VAR}`;
    let shape = this.findShape(firstKey, lastKey, masked, learn);
    if (!shape) {
      if (!learn) return null;
      shape = new Shape(this.shapesCreated++, masked, [firstKey, lastKey]);
      this.file(firstKey, shape);
      this.file(lastKey, shape);
    }
    if (learn && shape.learn(masked)) this.mergeCoinciding(shape);

    const tokens = shape.templateTokens(masked);
    const text = tokens.join(' ');
    const key = `${shape.id}\u0001${text}`;
    let template = this.byKey.get(key);
    let isNew = false;
    if (!template) {
      if (!learn) return null;
      template = this.create(shape, tokens, text, key, at);
      isNew = true;
    }
    if (learn) {
      if (this.exact.size >= this.maxExact) this.exact.delete(this.exact.keys().next().value as string);
      this.exact.set(exactKey, template);
      this.exactStamp++;
    }
    return this.result(template, maskedLine, exactKey, isNew, learn, at);
  }

  /**
   * `exact.get(line.key)`, read from the memo entry's note when `exact` has not changed since the
   * note was taken: most lines are answered by the memo, and the note spares hashing and comparing
   * the masked text as a Map key.
   */
  private exactLookup(line: MaskedLine): Template | undefined {
    const note = line.note;
    if (note !== null && note.stamp === this.exactStamp) return note.value as Template | undefined;
    const found = this.exact.get(line.key);
    if (note !== null) {
      note.stamp = this.exactStamp;
      note.value = found;
    }
    return found;
  }

  /** Follows merges; null when the template was evicted. */
  private live(template: Template): Template | null {
    let t = template;
    while (t.mergedInto) t = t.mergedInto;
    return t.evicted ? null : t;
  }

  private result(
    template: Template,
    raw: RawTokens,
    masked: string,
    isNew: boolean,
    learn: boolean,
    at: number,
  ): MineResult {
    if (learn) {
      if (!isNew) template.count++;
      template.lastSeen = at;
      this.operations++;
      if (this.operations - template.touchedAt > this.touchSlack) {
        // Re-inserting moves the template to the most-recently-used end of the Map's order.
        template.touchedAt = this.operations;
        this.byKey.delete(template.key);
        this.byKey.set(template.key, template);
      }
    }
    const params = paramsOfMessage(template, raw);
    return { templateId: template.id, template: template.text, params, isNew, masked };
  }

  private findShape(
    firstKey: string,
    lastKey: string,
    masked: readonly string[],
    learn: boolean,
  ): Shape | null {
    const n = masked.length;
    let found: Shape | null = null;
    let key = firstKey;
    const primary = this.bestIn(this.buckets.get(firstKey), masked);
    if (primary && primary.sim >= SIMILARITY_THRESHOLD) {
      found = primary.shape;
    } else if (n >= MIN_TOKENS_FOR_LAST_TOKEN_MATCH) {
      const secondary = this.bestIn(this.buckets.get(lastKey), masked);
      if (secondary && secondary.sim >= (n - 1) / n) {
        found = secondary.shape;
        key = lastKey;
      }
    }
    // `match` must leave no trace, not even in the order of a bucket.
    if (found && learn) this.touch(key, found);
    return found;
  }

  /** The most similar shape of a bucket; ties go to the shape with more variable positions. */
  private bestIn(
    bucket: Shape[] | undefined,
    masked: readonly string[],
  ): { shape: Shape; sim: number } | null {
    if (!bucket) return null;
    let best: Shape | null = null;
    let bestSim = -1;
    let bestVars = -1;
    for (const shape of bucket) {
      const sim = shape.similarity(masked);
      if (sim < bestSim) continue;
      const vars = shape.variableCount();
      if (sim > bestSim || vars > bestVars) {
        best = shape;
        bestSim = sim;
        bestVars = vars;
      }
    }
    return best ? { shape: best, sim: bestSim } : null;
  }

  /** Keeps bucket order least recently used first, so a full bucket drops its stalest shape. */
  private touch(key: string, shape: Shape): void {
    const bucket = this.buckets.get(key);
    if (bucket && bucket[bucket.length - 1] !== shape) {
      const at = bucket.indexOf(shape);
      if (at >= 0) {
        bucket.splice(at, 1);
        bucket.push(shape);
      }
    }
  }

  private file(key: string, shape: Shape): void {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = [];
      this.buckets.set(key, bucket);
    }
    if (bucket.length >= MAX_SHAPES_PER_BUCKET) this.dropShape(bucket[0] as Shape);
    bucket.push(shape);
  }

  private create(shape: Shape, tokens: string[], text: string, key: string, at: number): Template {
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
      touchedAt: this.operations,
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

  private evict(template: Template): void {
    template.evicted = true;
    this.byKey.delete(template.key);
    this.byId.delete(template.id);
    const shape = template.shape;
    shape.templates.delete(template.key);
    if (shape.templates.size === 0) this.unfile(shape);
  }

  /** Removes a shape and its templates (its bucket is full and it is the stalest there). */
  private dropShape(shape: Shape): void {
    for (const t of [...shape.templates.values()] as Template[]) {
      t.evicted = true;
      this.byKey.delete(t.key);
      this.byId.delete(t.id);
    }
    shape.templates.clear();
    this.unfile(shape);
  }

  private unfile(shape: Shape): void {
    for (const key of shape.indexKeys) {
      const bucket = this.buckets.get(key);
      if (!bucket) continue;
      const at = bucket.indexOf(shape);
      if (at >= 0) bucket.splice(at, 1);
      if (bucket.length === 0) this.buckets.delete(key);
    }
  }

  /**
   * After positions of a shape turned variable, re-derives its templates' tokens; templates that
   * now coincide merge into the oldest, which keeps its id. The others are retired: their ids
   * resolve to the survivor.
   */
  private mergeCoinciding(shape: Shape): void {
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

  private retire(template: Template): void {
    if (this.retired.size >= this.maxTemplates)
      this.retired.delete(this.retired.keys().next().value as string);
    this.retired.set(template.id, template);
  }
}
