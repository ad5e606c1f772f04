/**
 * A template as the miner keeps it, and what is derived from its tokens: where its values are and
 * how to read them out of a message.
 */
import { extractParams, splitAtPlaceholders } from './params';
import { VAR } from './placeholder';
import type { Shape } from './shape';

// Bound once here: paramsOf runs for every message, and under tsx a call through an imported
// binding goes through an export getter (see char-class.ts).
const extractValues = extractParams;

/** The raw text behind the i-th masked token of the message being mined. */
export interface RawTokens {
  raw(i: number): string;
}

export interface Template {
  id: string;
  /** Creation order, to merge into the oldest. */
  seq: number;
  shape: Shape;
  tokens: string[];
  /** Positions of `tokens` that hold a `<*>`, where the params come from, and those tokens cut at their placeholders. */
  varPositions: number[];
  varPieces: string[][];
  text: string;
  key: string;
  count: number;
  /** Value of the miner's operation counter when last moved to the recently-used end. */
  touchedAt: number;
  firstSeen: number;
  lastSeen: number;
  /** Set when merged into another template; this one is then retired. */
  mergedInto: Template | null;
  evicted: boolean;
}

/** Notes which tokens hold a `<*>` and cuts them at their placeholders, after `tokens` changed. */
export function setVarPositions(template: Template): void {
  template.varPositions = [];
  template.varPieces = [];
  template.tokens.forEach((token, i) => {
    if (!token.includes(VAR)) return;
    template.varPositions.push(i);
    template.varPieces.push(splitAtPlaceholders(token));
  });
}

/** The values behind the template's `<*>` in a message of it, in order. */
export function paramsOf(template: Template, tokens: RawTokens): string[] {
  const params: string[] = [];
  const positions = template.varPositions;
  for (let k = 0; k < positions.length; k++) {
    extractValues(template.varPieces[k] as string[], tokens.raw(positions[k] as number), params);
  }
  return params;
}
