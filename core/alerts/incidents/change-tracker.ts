/**
 * Which incidents changed since the UI and the history last looked: two sets, so neither drain can
 * starve the other. For the history a structural change is written at once, a mere count (lastSeen,
 * per-minute) at most every `fullPersistEveryMs`, so a busy incident does not rewrite itself on
 * every batch.
 */
import type { Incident } from '../../contract';
import { copyIncident } from './incident-record';

export class IncidentChanges {
  private readonly forUi = new Set<Incident>();
  private readonly forDisk = new Map<Incident, boolean>();
  private readonly persistedAt = new Map<Incident, number>();
  private readonly deleted = new Set<string>();

  constructor(private readonly fullPersistEveryMs: number) {}

  /** `full`: a structural change; otherwise only counts changed. */
  touch(incident: Incident, full: boolean): void {
    this.forUi.add(incident);
    if (full || !this.forDisk.has(incident))
      this.forDisk.set(incident, full || this.forDisk.get(incident) === true);
    this.deleted.delete(incident.id);
  }

  forget(incident: Incident): void {
    this.forUi.delete(incident);
    this.forDisk.delete(incident);
    this.persistedAt.delete(incident);
    this.deleted.add(incident.id);
  }

  clear(): void {
    this.forUi.clear();
    this.forDisk.clear();
    this.persistedAt.clear();
    this.deleted.clear();
  }

  drainUi(): Incident[] {
    const out = Array.from(this.forUi, copyIncident);
    this.forUi.clear();
    return out;
  }

  drainDisk(now: number): { upserts: Incident[]; deletes: string[] } {
    const upserts: Incident[] = [];
    for (const [incident, full] of this.forDisk) {
      const last = this.persistedAt.get(incident);
      if (!full && last !== undefined && now - last < this.fullPersistEveryMs) continue;
      upserts.push(copyIncident(incident));
      this.persistedAt.set(incident, now);
      this.forDisk.delete(incident);
    }
    const deletes = Array.from(this.deleted);
    this.deleted.clear();
    return { upserts, deletes };
  }
}
