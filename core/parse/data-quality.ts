/**
 * Data-quality accounting for the status and the UI: a counter per kind (fixed set of keys, so
 * bounded) and a ring buffer of the most recent issues with their safe samples.
 */
import { DATA_QUALITY_KINDS, type DataQualityIssue, type DataQualityKind, type ParseOutcome } from './types';

export const DEFAULT_RECENT_ISSUES = 50;

export interface DataQualitySnapshot {
  /** Issues counted since start (a message with two warnings counts twice). */
  total: number;
  byKind: Record<string, number>;
  /** Messages rejected (no record produced). */
  rejected: number;
  /** Most recent issues, newest last. */
  recent: DataQualityIssue[];
}

export class DataQualityTracker {
  private readonly counts = new Map<DataQualityKind, number>();
  private readonly ring: Array<DataQualityIssue | undefined>;
  private next = 0;
  private stored = 0;
  private total = 0;
  private rejected = 0;

  constructor(private readonly capacity: number = DEFAULT_RECENT_ISSUES) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.ring = new Array<DataQualityIssue | undefined>(capacity);
  }

  record(issue: DataQualityIssue): void {
    this.counts.set(issue.kind, (this.counts.get(issue.kind) ?? 0) + 1);
    this.total++;
    this.ring[this.next] = issue;
    this.next = (this.next + 1) % this.capacity;
    if (this.stored < this.capacity) this.stored++;
  }

  /** Counts every issue of a parse outcome: the rejection, or the warnings of an accepted record. */
  recordOutcome(outcome: ParseOutcome): void {
    if (!outcome.ok) {
      this.rejected++;
      this.record(outcome.issue);
      return;
    }
    for (const warning of outcome.warnings) this.record(warning);
  }

  count(kind: DataQualityKind): number {
    return this.counts.get(kind) ?? 0;
  }

  snapshot(): DataQualitySnapshot {
    const byKind: Record<string, number> = {};
    for (const kind of DATA_QUALITY_KINDS) {
      const n = this.counts.get(kind);
      if (n !== undefined) byKind[kind] = n;
    }
    const recent: DataQualityIssue[] = [];
    const oldest = this.stored < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.stored; i++) {
      const entry = this.ring[(oldest + i) % this.capacity];
      if (entry !== undefined) recent.push(entry);
    }
    return { total: this.total, byKind, rejected: this.rejected, recent };
  }

  reset(): void {
    this.counts.clear();
    this.ring.fill(undefined);
    this.next = 0;
    this.stored = 0;
    this.total = 0;
    this.rejected = 0;
  }
}
