/**
 * The alert store's two change sets (alert-store.ts): one drained by the UI, one by persistence, so
 * neither can starve the other. For persistence an occurrence that only bumped count/lastSeen/samples
 * is a small counter update; the full alert is written when something else changed, and at least
 * every `fullPersistEveryMs` while it keeps occurring. Alerts evicted from the store leave as deletes.
 */
import type { Alert } from '../contract';
import { copyAlert } from './alert-actions';

/** `[id, count, lastSeen]`: what a repeat changes, without the samples. */
export type CounterUpdate = [id: string, count: number, lastSeen: number];

export interface PersistChanges {
  upserts: Alert[];
  counters: CounterUpdate[];
  deletes: string[];
}

export class AlertChangeSets {
  private readonly changedForUi = new Set<Alert>();
  /** Alert → true when its full state must be written, false when only its counters changed. */
  private readonly changedForDisk = new Map<Alert, boolean>();
  /** When each alert's full state was last handed to persistence. */
  private readonly fullPersistedAt = new Map<Alert, number>();
  private readonly deletedForDisk = new Set<string>();

  /** @param freshen writes the alert's current reason into it before a copy leaves (alert-reasons.ts). */
  constructor(private readonly freshen: (alert: Alert, now: number) => Alert) {}

  /** Something beyond the counters changed: the full alert goes to the UI and to disk. */
  touch(alert: Alert): void {
    this.changedForUi.add(alert);
    this.changedForDisk.set(alert, true);
  }

  /** Only more occurrences: the UI gets the alert, the disk a counter update unless more is pending. */
  repeat(alert: Alert): void {
    this.changedForUi.add(alert);
    if (!this.changedForDisk.has(alert)) this.changedForDisk.set(alert, false);
  }

  /** An id (re)enters the store: a delete still pending for it is void. */
  added(id: string): void {
    this.deletedForDisk.delete(id);
  }

  /** An evicted alert: no pending change of it is written, its id is deleted on disk. */
  evicted(alert: Alert): void {
    this.changedForUi.delete(alert);
    this.changedForDisk.delete(alert);
    this.fullPersistedAt.delete(alert);
    this.deletedForDisk.add(alert.id);
  }

  /** Alerts changed since the last call, as copies (for batched UI events). */
  drainUi(now: number): Alert[] {
    const out = Array.from(this.changedForUi, (a) => copyAlert(this.freshen(a, now)));
    this.changedForUi.clear();
    return out;
  }

  /** Changes since the last call, for persistence: full alerts (copies), counter updates, deleted ids. */
  drainPersist(now: number, fullPersistEveryMs: number): PersistChanges {
    const upserts: Alert[] = [];
    const counters: CounterUpdate[] = [];
    for (const [alert, full] of this.changedForDisk) {
      const last = this.fullPersistedAt.get(alert);
      if (full || last === undefined || now - last >= fullPersistEveryMs) {
        upserts.push(copyAlert(this.freshen(alert, now)));
        this.fullPersistedAt.set(alert, now);
      } else {
        counters.push([alert.id, alert.count, alert.lastSeen]);
      }
    }
    const deletes = Array.from(this.deletedForDisk);
    this.changedForDisk.clear();
    this.deletedForDisk.clear();
    return { upserts, counters, deletes };
  }

  /** The store's content was replaced (restore): nothing is pending any more. */
  clear(): void {
    this.changedForUi.clear();
    this.changedForDisk.clear();
    this.deletedForDisk.clear();
    this.fullPersistedAt.clear();
  }
}
