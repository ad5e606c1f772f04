/**
 * The latest evidence of an alert, so that its reason follows what is happening now (issue 16):
 * the latest rule text, the count of the current occurrence, the occurrences in the last minute and
 * the addresses seen in its samples. Updating is a few integer operations and one bounded address
 * scan of the sample per occurrence; the text is composed only when the alert is read (a UI batch,
 * a persistence write, a list), never per log.
 */
import type { Alert } from '../contract';

/** IPv4 addresses, and IPv6 ones written with at least two colons (`2001:db8::7`). */
const ADDRESS =
  /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/gi;
/** Distinct addresses counted per alert; further ones are only counted as "more". */
export const MAX_ADDRESSES = 20;
/** Addresses named in the reason text. */
const NAMED_ADDRESSES = 3;

export class Evidence {
  /** The reason the rule wrote for the latest occurrence. */
  latestReason: string;
  private minute = -1;
  private inMinute = 0;
  private inPreviousMinute = 0;
  private readonly addresses = new Map<string, number>();
  private otherAddresses = 0;

  constructor(reason: string) {
    this.latestReason = reason;
  }

  /** One occurrence at `now` with its rule text and raw sample. */
  observe(reason: string, sample: string | null, now: number): void {
    this.latestReason = reason;
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) {
      this.inPreviousMinute = minute === this.minute + 1 ? this.inMinute : 0;
      this.inMinute = 0;
      this.minute = minute;
    }
    this.inMinute += 1;
    if (sample !== null) this.scan(sample);
  }

  /** Reads the addresses of saved samples (after a restart), without counting occurrences. */
  seed(samples: readonly string[]): this {
    for (const sample of samples) this.scan(sample);
    return this;
  }

  /** The addresses seen most often first (at most MAX_ADDRESSES), for grouping and the text. */
  topAddresses(): string[] {
    return Array.from(this.addresses)
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
      .map(([a]) => a);
  }

  /** Occurrences in the last full minute, or in the current one when that is larger. */
  perMinute(now: number): number {
    const minute = Math.floor(now / 60_000);
    if (minute === this.minute) return Math.max(this.inMinute, this.inPreviousMinute);
    return minute === this.minute + 1 ? this.inMinute : 0;
  }

  /** The reason shown: the rule's latest text, then the current count, rate and addresses. */
  compose(alert: Alert, now: number): string {
    const count = alert.count.toLocaleString('en-US');
    const occurrence = alert.occurrence ?? 1;
    const parts = [
      `${count} occurrence${alert.count === 1 ? '' : 's'} so far` +
        (occurrence > 1 ? ` in occurrence ${occurrence} (reopened after a resolve)` : ''),
      `${this.perMinute(now).toLocaleString('en-US')} in the last minute`,
    ];
    const named = this.topAddresses();
    if (named.length > 0) {
      const distinct = `${named.length}${this.otherAddresses > 0 ? '+' : ''}`;
      const list = named.slice(0, NAMED_ADDRESSES).join(', ');
      parts.push(`addresses seen: ${list}${named.length > NAMED_ADDRESSES ? ` (${distinct} distinct)` : ''}`);
    }
    const head = this.latestReason.trimEnd();
    return `${head}${/[.!?]$/.test(head) ? '' : '.'} Now: ${parts.join('; ')}.`;
  }

  private scan(sample: string): void {
    ADDRESS.lastIndex = 0;
    for (let m = ADDRESS.exec(sample), n = 0; m !== null && n < 4; m = ADDRESS.exec(sample), n++) {
      const address = m[0].toLowerCase();
      if (!address.includes('.') && !address.includes('::') && address.split(':').length < 4) continue;
      const seen = this.addresses.get(address);
      if (seen !== undefined) this.addresses.set(address, seen + 1);
      else if (this.addresses.size < MAX_ADDRESSES) this.addresses.set(address, 1);
      else this.otherAddresses += 1;
    }
  }
}
