import { VAR } from './placeholder';

/** A template token cut at its placeholders: `uid=<*>` → `['uid=', '']`. Computed once per template. */
export function splitAtPlaceholders(templateToken: string): string[] {
  return templateToken.split(VAR);
}

/**
 * Appends to `out` the values that the `<*>` of one template token (given as its `pieces`, see
 * `splitAtPlaceholders`) stand for in the raw token.
 * `uid=<*>` against `uid=0` gives `0`; `<*>` against `Jun 17 07:07:00` gives the whole text.
 * The literal pieces between placeholders are located left to right; when the raw text does not
 * fit the template token (it cannot for tokens the miner produced, but guards against surprises)
 * the whole raw token is taken as the one value.
 */
export function extractParams(pieces: readonly string[], rawToken: string, out: string[]): void {
  const values = pieces.length - 1;
  if (values === 1 && pieces[0] === '' && pieces[1] === '') {
    out.push(rawToken); // the token is one whole value
    return;
  }
  if (values === 0) return;
  const head = pieces[0] as string;
  const tail = pieces[values] as string;
  if (!rawToken.startsWith(head) || !rawToken.endsWith(tail) || head.length + tail.length > rawToken.length) {
    out.push(rawToken);
    return;
  }
  const end = rawToken.length - tail.length;
  let pos = head.length;
  const found: string[] = [];
  for (let p = 1; p < values; p++) {
    const literal = pieces[p] as string;
    // A value is never empty, so the literal after it is searched from one character on.
    const at = literal.length === 0 ? pos + 1 : rawToken.indexOf(literal, pos + 1);
    if (at < 0 || at > end) {
      out.push(rawToken);
      return;
    }
    found.push(rawToken.slice(pos, at));
    pos = at + literal.length;
  }
  found.push(rawToken.slice(pos, end));
  for (const v of found) out.push(v);
}
