/**
 * A `<input type="datetime-local">` holds a wall-clock time with no zone (`YYYY-MM-DDTHH:MM[:SS]`),
 * read as the machine's local time: to and from epoch milliseconds.
 */

/** `YYYY-MM-DDTHH:MM:SS` of `epochMs` in local time. */
export function toLocalInput(epochMs: number): string {
  const offsetMs = new Date(epochMs).getTimezoneOffset() * 60_000;
  return new Date(epochMs - offsetMs).toISOString().slice(0, 19);
}

/** Epoch ms of a datetime-local value, or null when it is not one. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime(); // no zone in the text: JavaScript reads it as local time
  return Number.isNaN(ms) ? null : ms;
}
