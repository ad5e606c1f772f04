/**
 * Template ids: a hash of the template's text at the moment it was created, so the same first
 * message yields the same id in every run and after a restart. The id is never recomputed when the
 * template later generalizes. On a clash with an id in use, a sequence number is appended, which
 * keeps ids deterministic for the same input order.
 */

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function templateIdFor(text: string, taken: (id: string) => boolean, sequence: number): string {
  const base = 'T' + fnv1a32(text).toString(16).padStart(8, '0');
  return taken(base) ? `${base}-${sequence.toString(36)}` : base;
}
