import { VAR as PLACEHOLDER } from './placeholder';

/**
 * A shape is a coarse cluster of masked messages with the same token count that are similar
 * position by position (Drain's rule). Where its messages disagree, the shape counts the distinct
 * words seen: a position with at most `MAX_CONSTANT_VALUES` distinct plain words is treated as a
 * constant that tells events apart (`Failed none` / `Failed password`, `VM Started` / `VM Stopped`),
 * a position with more — or where any value was itself masked — is a variable (user names, host
 * names). The templates of a shape are its messages with the variable positions replaced by `<*>`.
 */

// Bound once here: under tsx every read of an imported binding goes through an export getter
// (see char-class.ts), and `learn` reads it for every token of a message.
const VAR = PLACEHOLDER;

/** Distinct words a position may show before it counts as variable. */
export const MAX_CONSTANT_VALUES = 4;

/** Position state: `null` = one value so far, a Set = a few distinct words, `VARIABLE` = many. */
const VARIABLE = 1;
type PositionState = Set<string> | typeof VARIABLE | null;

export class Shape {
  /** The shape's tokens: the first message's, with `<*>` wherever later messages differed. */
  readonly tokens: string[];
  private readonly positions: PositionState[];
  /** Template key (fine tokens) → template, for the templates currently in this shape. */
  readonly templates = new Map<string, unknown>();

  constructor(
    readonly id: number,
    masked: readonly string[],
    /** The index keys the shape is filed under, to unfile it when it empties. */
    readonly indexKeys: readonly string[],
  ) {
    this.tokens = masked.slice();
    this.positions = masked.map((m) => (m === VAR ? VARIABLE : null));
  }

  get length(): number {
    return this.tokens.length;
  }

  /** Share of positions where the message has the shape's token (`<*>` only matches `<*>`). */
  similarity(masked: readonly string[]): number {
    const n = masked.length;
    if (n === 0) return 1;
    let same = 0;
    for (let i = 0; i < n; i++) if (this.tokens[i] === masked[i]) same++;
    return same / n;
  }

  isVariable(i: number): boolean {
    return this.positions[i] === VARIABLE;
  }

  /**
   * Records a message's values. Returns true when a position turned variable, after which
   * templates that differed only there coincide and must be merged.
   */
  learn(masked: readonly string[]): boolean {
    let turnedVariable = false;
    for (let i = 0; i < masked.length; i++) {
      let state = this.positions[i] ?? null;
      if (state === VARIABLE) continue;
      const value = masked[i] as string;
      const current = this.tokens[i] as string;
      if (state === null) {
        if (current === value) continue;
        // First disagreement here: the position now has two values.
        this.tokens[i] = VAR;
        if (current.includes(VAR) || value.includes(VAR)) {
          this.positions[i] = VARIABLE;
          turnedVariable = true;
          continue;
        }
        state = new Set([current]);
        this.positions[i] = state;
      }
      // A value that is partly masked (`(<*>)` beside `()`) marks the position as a variable.
      if (value.includes(VAR)) {
        this.positions[i] = VARIABLE;
        turnedVariable = true;
        continue;
      }
      state.add(value);
      if (state.size > MAX_CONSTANT_VALUES) {
        this.positions[i] = VARIABLE;
        turnedVariable = true;
      }
    }
    return turnedVariable;
  }

  /** Positions that are `<*>` in the shape's tokens (ties between shapes go to the more general). */
  variableCount(): number {
    let vars = 0;
    for (const t of this.tokens) if (t === VAR) vars++;
    return vars;
  }

  /** The template tokens of a message in this shape: its tokens, `<*>` at variable positions. */
  templateTokens(masked: readonly string[]): string[] {
    const out = new Array<string>(masked.length);
    for (let i = 0; i < masked.length; i++)
      out[i] = this.positions[i] === VARIABLE ? VAR : (masked[i] as string);
    return out;
  }
}
