/**
 * What an engineer's action does to one alert (ack, snooze, resolve, note), recorded in its audit
 * trail with who and when; and how an alert read from an older journal is brought up to date.
 */
import type { Alert, AlertAction } from '../contract';
import { appendAudit, describeDuration } from './audit';

/** A refused action, with a code the command boundary can return as is. */
export class AlertActionError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_state',
    message: string,
  ) {
    super(message);
    this.name = 'AlertActionError';
  }
}

/** Applies `action` to the live alert; throws `AlertActionError` when its state refuses it. */
export function applyAlertAction(alert: Alert, action: AlertAction, now: number, who: string): void {
  const audit = (alert.audit ??= []);
  switch (action.action) {
    case 'ack':
      if (alert.status === 'resolved')
        throw new AlertActionError(
          'invalid_state',
          `alert ${alert.id} is resolved; it cannot be acknowledged`,
        );
      alert.status = 'acknowledged';
      alert.snoozedUntil = null;
      appendAudit(audit, now, who, 'ack', null);
      break;
    case 'resolve':
      alert.status = 'resolved';
      alert.snoozedUntil = null;
      appendAudit(audit, now, who, 'resolve', null);
      break;
    case 'snooze':
      if (alert.status === 'resolved')
        throw new AlertActionError('invalid_state', `alert ${alert.id} is resolved; it cannot be snoozed`);
      alert.status = 'snoozed';
      alert.snoozedUntil = now + action.durationMs;
      appendAudit(audit, now, who, 'snooze', `for ${describeDuration(action.durationMs)}`);
      break;
    case 'note':
      appendAudit(audit, now, who, 'note', action.text);
      break;
  }
}

export function copyAlert(a: Alert): Alert {
  const copy = { ...a, samples: a.samples.slice() };
  if (a.audit !== undefined) copy.audit = a.audit.slice();
  return copy;
}

/** What `Evidence.compose` appends to the rule's text; stripped when a saved alert is loaded. */
export const EVIDENCE_SUFFIX = / Now: [^]*$/;

/**
 * An alert from a journal written before the lifecycle fields: occurrence 1, no audit, and a snooze
 * that was kept as a status plus `snoozedUntil` becomes the `snoozed` status.
 */
export function normalizeLoaded(alert: Alert): Alert {
  alert.occurrence ??= 1;
  alert.reopenedAt ??= null;
  alert.firstReason ??= alert.reason.replace(EVIDENCE_SUFFIX, '');
  alert.audit ??= [];
  alert.incidentId ??= null;
  if (alert.status === 'resolved') alert.snoozedUntil = null;
  else if (alert.snoozedUntil !== null) alert.status = 'snoozed';
  else if (alert.status === 'snoozed') alert.status = 'open';
  return alert;
}
