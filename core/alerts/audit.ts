/**
 * The audit trail of alerts and incidents: who did what and when, bounded. `who` is decided by the
 * engine (core/alerts/actor.ts), never taken from a request; changes Vigil makes by itself (a reopen,
 * an auto-resolve) are recorded as SYSTEM_ACTOR.
 */
import type { AuditAction, AuditEntry } from '../contract';

export const SYSTEM_ACTOR = 'vigil';
/** Entries kept per alert or incident: the first one (how it began) and the latest ones. */
export const MAX_AUDIT_ENTRIES = 100;

export function appendAudit(
  trail: AuditEntry[],
  at: number,
  who: string,
  action: AuditAction,
  text: string | null,
): void {
  if (trail.length >= MAX_AUDIT_ENTRIES) trail.splice(1, trail.length - MAX_AUDIT_ENTRIES + 1);
  trail.push({ at, who, action, text });
}

/** "10 min", "1 h 30 min", "2 d": how long a snooze lasts, for the trail. */
export function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} d`;
}
