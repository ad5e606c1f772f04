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
 *
 * This file holds the per-message path (masking, the exact-match cache, placing a message in its
 * shape and template, counting); the shape index is `shape-index.ts`, the templates' bookkeeping
 * (bound, ids, merges, retired ids) `template-registry.ts`.
 */
import { MaskMemo, type MaskedLine } from './mask-memo';
import { Shape } from './shape';
import { ShapeIndex } from './shape-index';
import { paramsOf, type RawTokens, type Template } from './template';
import { TemplateRegistry, type TemplateSummary } from './template-registry';
import { VAR as PLACEHOLDER } from './placeholder';

export type { TemplateSummary } from './template-registry';

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

export interface TemplateMinerOptions {
  /** Templates kept at most; the least recently used are evicted beyond it. Default 10,000. */
  maxTemplates?: number;
  /** Lines whose masking is remembered (see mask-memo.ts); 0 turns the memo off. Default 8,192. */
  maskMemoEntries?: number;
}

export class TemplateMiner {
  private readonly index: ShapeIndex;
  private readonly registry: TemplateRegistry;
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
    // A shape dropped from a full bucket takes its templates with it; a shape whose last template
    // was evicted leaves the index.
    this.index = new ShapeIndex((shape) => {
      this.registry.dropTemplatesOf(shape);
      this.index.unfile(shape);
    });
    this.registry = new TemplateRegistry(max, (shape) => this.index.unfile(shape));
    this.memo = new MaskMemo(opts.maskMemoEntries ?? 8192);
    this.maxExact = Math.max(1024, max * 4);
    this.touchSlack = Math.floor(max / 8);
  }

  /** Number of live templates. */
  get size(): number {
    return this.registry.size;
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
    return this.registry.resolve(templateId);
  }

  /** Ids of merged (and evicted) templates, oldest first: `resolve` tells where each went. */
  retiredIds(): IterableIterator<string> {
    return this.registry.retiredIds();
  }

  /** Live templates, least recently used first. */
  templates(): IterableIterator<TemplateSummary> {
    return this.registry.summaries();
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
    let shape = this.index.find(firstKey, lastKey, masked, learn);
    if (!shape) {
      if (!learn) return null;
      shape = new Shape(this.shapesCreated++, masked, [firstKey, lastKey]);
      this.index.file(firstKey, shape);
      this.index.file(lastKey, shape);
    }
    if (learn && shape.learn(masked)) this.registry.mergeCoinciding(shape);

    const tokens = shape.templateTokens(masked);
    const text = tokens.join(' ');
    const key = `${shape.id}\u0001${text}`;
    let template = this.registry.get(key);
    let isNew = false;
    if (!template) {
      if (!learn) return null;
      template = this.registry.create(shape, tokens, text, key, at, this.operations);
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
        template.touchedAt = this.operations;
        this.registry.touch(template);
      }
    }
    const params = paramsOfMessage(template, raw);
    return { templateId: template.id, template: template.text, params, isNew, masked };
  }
}
