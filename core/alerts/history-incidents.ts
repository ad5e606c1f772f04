/**
 * The incidents' part of the alert history (history.ts): journal lines carry `incidents` (full
 * upserts) and `incidentDeletes`, the snapshot an `incidents` array. Incidents are bounded in number
 * (IncidentOptions.maxIncidents), so the full set is kept here for compaction. An invalid incident
 * is skipped and reported as a load problem, never fatal.
 */
import { Incident } from '../contract';

export interface IncidentChanges {
  upserts: readonly Incident[];
  deletes: readonly string[];
}

export class IncidentHistory {
  private readonly known = new Map<string, Incident>();
  private readonly pendingUpserts = new Map<string, Incident>();
  private readonly pendingDeletes = new Set<string>();

  constructor(private readonly problem: (text: string) => void) {}

  /** Incidents as last loaded or written. */
  current(): Incident[] {
    return Array.from(this.known.values());
  }

  acceptAll(raw: unknown, where: string): void {
    if (raw === undefined) return; // written before incidents existed
    if (!Array.isArray(raw)) {
      this.problem(`incidents in ${where} are not a list; skipped`);
      return;
    }
    for (const item of raw) this.accept(item, where);
  }

  /** The incident fields of one journal line. */
  replay(line: Record<string, unknown>, where: string): void {
    const deletes = line.incidentDeletes;
    if (Array.isArray(deletes)) for (const id of deletes) if (typeof id === 'string') this.known.delete(id);
    this.acceptAll(line.incidents, where);
  }

  /** Changes handed to `write`, kept until the next line or snapshot takes them. */
  stage(changes: IncidentChanges | undefined): void {
    if (changes === undefined) return;
    for (const id of changes.deletes) {
      this.known.delete(id);
      this.pendingUpserts.delete(id);
      this.pendingDeletes.add(id);
    }
    for (const incident of changes.upserts) {
      this.known.set(incident.id, incident);
      this.pendingUpserts.set(incident.id, incident);
      this.pendingDeletes.delete(incident.id);
    }
  }

  /** The staged changes as journal fields (null when there are none), and forgets them. */
  take(): { incidents: Incident[]; incidentDeletes: string[] } | null {
    if (this.pendingUpserts.size === 0 && this.pendingDeletes.size === 0) return null;
    const out = {
      incidents: Array.from(this.pendingUpserts.values()),
      incidentDeletes: Array.from(this.pendingDeletes),
    };
    this.pendingUpserts.clear();
    this.pendingDeletes.clear();
    return out;
  }

  private accept(raw: unknown, where: string): void {
    const parsed = Incident.safeParse(raw);
    if (parsed.success) this.known.set(parsed.data.id, parsed.data);
    else
      this.problem(
        `invalid incident in ${where} skipped: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`,
      );
  }
}
