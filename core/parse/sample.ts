/**
 * Turning untrusted log text into something safe to show in a status panel or a log line:
 * bounded length, and every character that could corrupt a terminal or reorder displayed text
 * (C0/C1 controls, DEL, line/paragraph separators, bidi overrides, BOM) written as an escape.
 */

export const SAMPLE_MAX_CHARS = 200;

function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

function escapeCode(code: number): string {
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code === 0x09) return '\\t';
  if (code <= 0xff) return '\\x' + code.toString(16).padStart(2, '0');
  return '\\u' + code.toString(16).padStart(4, '0');
}

/** A display-safe prefix of `text`, at most `maxChars` long (escapes included), `…` when cut. */
export function safeSample(text: string, maxChars: number = SAMPLE_MAX_CHARS): string {
  const budget = maxChars - 1; // room for the ellipsis
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let piece: string;
    if (isUnsafe(code)) {
      piece = escapeCode(code);
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // Keep surrogate pairs whole so the cut never leaves half a character.
      const next = text.charCodeAt(i + 1);
      piece = next >= 0xdc00 && next <= 0xdfff ? text.slice(i, i + 2) : escapeCode(code);
      if (piece.length === 2) i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      piece = escapeCode(code); // a lone surrogate
    } else {
      piece = text[i] as string;
    }
    if (out.length + piece.length > budget) {
      return out + '…';
    }
    out += piece;
  }
  return out;
}

/** Escapes control characters only (no length cap): for messages that keep their full text. */
export function escapeControlChars(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
      out += text.slice(from, i) + escapeCode(code);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
