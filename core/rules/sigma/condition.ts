/**
 * Sigma's `condition`: a small tokenizer and a recursive-descent parser. Precedence, from least to
 * most binding (the specification): `or`, `and`, `not`, `1 of` / `all of`, parentheses.
 * Aggregations (`| count() by …`) and `near` are refused with a reason.
 */
import { refuse } from './refusal';

export type ConditionNode =
  | { kind: 'or'; items: ConditionNode[] }
  | { kind: 'and'; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | { kind: 'ref'; name: string }
  /** `pattern` null is `them`: every identifier not starting with `_`. */
  | { kind: 'of'; quantifier: 'one' | 'all'; pattern: string | null };

type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'of' | 'one' | 'all' | 'them' }
  | { kind: 'word'; text: string };

const WORD = /^[A-Za-z0-9_*.-]+/;
const KEYWORDS: Readonly<Record<string, Token['kind']>> = {
  and: 'and',
  or: 'or',
  not: 'not',
  of: 'of',
  all: 'all',
  them: 'them',
  '1': 'one',
};

export function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  let rest = condition;
  for (;;) {
    rest = rest.trimStart();
    if (rest.length === 0) return tokens;
    const c = rest[0];
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen' });
      rest = rest.slice(1);
      continue;
    }
    if (c === '|') refuse('the condition has an aggregation (| count() …), which Vigil does not evaluate');
    const word = WORD.exec(rest)?.[0];
    if (word === undefined) refuse(`the condition has an unexpected character '${c}'`);
    rest = rest.slice(word.length);
    const lower = word.toLowerCase();
    if (lower === 'near') refuse("the condition uses 'near', which Vigil does not evaluate");
    const keyword = KEYWORDS[lower];
    tokens.push(keyword !== undefined ? ({ kind: keyword } as Token) : { kind: 'word', text: word });
  }
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): ConditionNode {
    if (this.tokens.length === 0) refuse('the condition is empty');
    const node = this.or();
    const left = this.tokens[this.at];
    if (left !== undefined) refuse(`the condition has an unexpected '${describe(left)}'`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private or(): ConditionNode {
    const items = [this.and()];
    while (this.peek()?.kind === 'or') {
      this.at++;
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'or', items };
  }

  private and(): ConditionNode {
    const items = [this.not()];
    while (this.peek()?.kind === 'and') {
      this.at++;
      items.push(this.not());
    }
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'and', items };
  }

  private not(): ConditionNode {
    if (this.peek()?.kind === 'not') {
      this.at++;
      return { kind: 'not', item: this.not() };
    }
    return this.primary();
  }

  private primary(): ConditionNode {
    const token = this.tokens[this.at++];
    if (token === undefined) return refuse('the condition ends too early');
    switch (token.kind) {
      case 'lparen': {
        const inner = this.or();
        if (this.tokens[this.at++]?.kind !== 'rparen') refuse("the condition misses a ')'");
        return inner;
      }
      case 'one':
      case 'all': {
        if (this.tokens[this.at++]?.kind !== 'of') refuse(`'${describe(token)}' must be followed by 'of'`);
        const target = this.tokens[this.at++];
        const quantifier = token.kind;
        if (target?.kind === 'them') return { kind: 'of', quantifier, pattern: null };
        if (target?.kind === 'word') return { kind: 'of', quantifier, pattern: target.text };
        return refuse(`'${describe(token)} of' must be followed by 'them' or a search identifier pattern`);
      }
      case 'word':
        if (token.text.includes('*'))
          refuse(`the wildcard '${token.text}' is only allowed after '1 of' or 'all of'`);
        if (/^\d+$/.test(token.text))
          refuse(`'${token.text} of' is not Sigma: only '1 of' and 'all of' exist`);
        return { kind: 'ref', name: token.text };
      default:
        return refuse(`the condition has an unexpected '${describe(token)}'`);
    }
  }
}

function describe(token: Token): string {
  if (token.kind === 'word') return token.text;
  if (token.kind === 'lparen') return '(';
  if (token.kind === 'rparen') return ')';
  return token.kind === 'one' ? '1' : token.kind;
}

export function parseCondition(condition: string): ConditionNode {
  return new Parser(tokenize(condition)).parse();
}
