/**
 * What an occurrence does to one alert (alert-store.ts records it): the alert a first occurrence
 * creates, the description a reopening or escalating one brings, a resolved alert's reopening as a
 * new occurrence, and the passing of time (snooze expiry, auto-resolve after a quiet period).
 */
import type { Alert } from '../contract';
import { appendAudit, describeDuration, SYSTEM_ACTOR } from './audit';
import { alertIdOf, type AlertCandidate } from './candidate';
import { alertService, groupFields } from './group-key';

/** A new alert from its first occurrence (no location or sample yet: the store adds them). */
export function newAlert(fingerprint: string, c: AlertCandidate, now: number): Alert {
  return {
    id: alertIdOf(fingerprint),
    fingerprint,
    level: c.level,
    trigger: c.trigger,
    title: c.title,
    reason: c.reason,
    count: 1,
    firstSeen: now,
    lastSeen: now,
    status: 'open',
    snoozedUntil: null,
    service: alertService(c),
    topic: c.topic,
    templateId: c.templateId,
    template: c.template,
    samples: [],
    rule: c.ruleRef ?? null,
    sampleRefs: [],
    host: null,
    hosts: [],
    services: [],
    topics: [],
    groupBy: groupFields(c),
    occurrence: 1,
    reopenedAt: null,
    firstReason: c.reason,
    audit: [],
    incidentId: null,
  };
}

/** Level, trigger, title and rule from the occurrence's evidence (a reopening or an escalation). */
export function describe(alert: Alert, c: AlertCandidate): void {
  alert.level = c.level;
  alert.trigger = c.trigger;
  alert.title = c.title;
  alert.rule = c.ruleRef ?? null;
}

/** A resolved alert fires again: a new occurrence whose count starts afresh. */
export function reopen(alert: Alert, now: number): void {
  const previous = alert.occurrence ?? 1;
  const since = alert.reopenedAt ?? alert.firstSeen;
  appendAudit(
    (alert.audit ??= []),
    now,
    SYSTEM_ACTOR,
    'reopen',
    `fired again after it was resolved; occurrence ${previous} had ${alert.count} event(s) ` +
      `over ${describeDuration(Math.max(0, alert.lastSeen - since))}`,
  );
  alert.occurrence = previous + 1;
  alert.reopenedAt = now;
  alert.count = 0;
  alert.status = 'open';
  alert.snoozedUntil = null;
  alert.firstReason ??= alert.reason;
}

/**
 * Time passes for an unresolved alert: an expired snooze returns it to open, and no occurrence for
 * `autoResolveMs` resolves it (audited as Vigil's doing). Returns whether the alert changed.
 */
export function expire(alert: Alert, now: number, autoResolveMs: number): boolean {
  let touched = false;
  if (alert.snoozedUntil !== null && alert.snoozedUntil <= now) {
    alert.snoozedUntil = null;
    if (alert.status === 'snoozed') alert.status = 'open';
    touched = true;
  }
  if (alert.lastSeen <= now - autoResolveMs) {
    alert.status = 'resolved';
    alert.snoozedUntil = null;
    const quiet = describeDuration(autoResolveMs);
    appendAudit((alert.audit ??= []), now, SYSTEM_ACTOR, 'resolve', `no occurrence for ${quiet}`);
    touched = true;
  }
  return touched;
}
