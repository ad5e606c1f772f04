/**
 * The `re` modifier. Sigma's regex flavour is a small PCRE subset that JavaScript reads the same,
 * except inline flags: a leading `(?i)`, `(?s)` or `(?m)` (as SigmaHQ rules write them) becomes a
 * JavaScript flag; inline flags anywhere else, and Python's `(?P<name>`, are refused.
 */
import { refuse } from './refusal';

const LEADING_FLAGS = /^\(\?([ims]+)\)/;

export function compileSigmaRegex(pattern: string, modifierFlags: string): RegExp {
  let source = pattern;
  let flags = modifierFlags;
  const leading = LEADING_FLAGS.exec(source);
  if (leading !== null) {
    flags += leading[1] as string;
    source = source.slice(leading[0].length);
  }
  if (/\(\?[a-zA-Z-]+\)/.test(source) || source.includes('(?P<')) {
    refuse(`regex '${pattern}' uses inline flags or syntax JavaScript does not read`);
  }
  const unique = [...new Set(flags)].join('');
  try {
    return new RegExp(source, unique);
  } catch (error) {
    return refuse(
      `regex '${pattern}' does not compile: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
