/**
 * The fold of alert evidence and actions into alert state (docs/scaling.md). Pure: the owner of a
 * fingerprint's partition applies it, so per-alert state is the same whichever analyzer saw which
 * logs. Evidence folds commutatively and associatively (sums, minimum and maximum, the best
 * description by a total order, the earliest samples), so any order of the same evidence gives the
 * same alert. Actions apply in their topic's order, which Kafka keeps per fingerprint.
 */
import { z } from 'zod';
import { Alert, MAX_LOCATION_VALUES, type AlertStatus, type LocationCount } from '../contract';
import { OTHER_LOCATION } from '../alerts/alert-location';
import { alertIdOf, levelRank } from '../alerts/candidate';
import { MAX_SAMPLES, type TimedSample, type ClusterAction, type Evidence } from './evidence';

/** The last decisions on an alert, newest last (bounded). */
export const MAX_ACTIONS = 20;

export const ActionEntry = z.object({
  at: z.number(),
  who: z.string(),
  action: z.string(),
  text: z.string().nullable(),
});
export type ActionEntry = z.infer<typeof ActionEntry>;

/** The value of a record on the compacted alerts topic. */
export const AlertState = z.object({
  v: z.literal(1),
  alert: Alert,
  /** Times of `alert.samples`, parallel to it (what makes the sample choice order-independent). */
  sampleTimes: z.array(z.number()),
  /** When the evidence that describes the alert (title, reason, level) was first seen. */
  describedAt: z.number(),
  actions: z.array(ActionEntry).max(MAX_ACTIONS),
});
export type AlertState = z.infer<typeof AlertState>;

/** Total order on descriptions: higher level, then earlier, then title, reason, template, topic. */
function describesBetter(e: Evidence, state: AlertState): boolean {
  const a = state.alert;
  const rank = levelRank(e.level) - levelRank(a.level);
  if (rank !== 0) return rank > 0;
  if (e.firstSeen !== state.describedAt) return e.firstSeen < state.describedAt;
  for (const [x, y] of [
    [e.title, a.title],
    [e.reason, a.reason],
    [e.templateId ?? '', a.templateId ?? ''],
    [e.topic ?? '', a.topic ?? ''],
  ] as const) {
    if (x !== y) return x < y;
  }
  return false;
}

/** The earliest samples by (time, text), one per text, at most MAX_SAMPLES. */
export function mergeSamples(a: readonly TimedSample[], b: readonly TimedSample[]): TimedSample[] {
  const byText = new Map<string, number>();
  for (const s of [...a, ...b]) {
    const seen = byText.get(s.text);
    if (seen === undefined || s.time < seen) byText.set(s.text, s.time);
  }
  return [...byText]
    .map(([text, time]) => ({ time, text }))
    .sort((x, y) => x.time - y.time || (x.text < y.text ? -1 : x.text > y.text ? 1 : 0))
    .slice(0, MAX_SAMPLES);
}

function timedSamples(state: AlertState): TimedSample[] {
  return state.alert.samples.map((text, i) => ({ text, time: state.sampleTimes[i] ?? 0 }));
}

function described(alert: Alert, e: Evidence): Alert {
  return {
    ...alert,
    level: e.level,
    trigger: e.trigger,
    title: e.title,
    reason: e.reason,
    service: e.service,
    topic: e.topic,
    templateId: e.templateId,
    template: e.template,
    rule: e.rule,
  };
}

/**
 * Issue 19 (i18 in a cluster): per-template occurrence counts summed (commutative), busiest first,
 * then by id; past MAX_LOCATION_VALUES the least busy are summed into `(other)`, so totals still add
 * up (that cut is the one place the order of evidence can matter, and only beyond 19 templates).
 */
export function mergeCounts(
  a: readonly LocationCount[] | undefined,
  b: readonly LocationCount[] | undefined,
): LocationCount[] | undefined {
  if (a === undefined && b === undefined) return undefined;
  const sums = new Map<string, number>();
  for (const { value, count } of [...(a ?? []), ...(b ?? [])])
    sums.set(value, (sums.get(value) ?? 0) + count);
  const other = sums.get(OTHER_LOCATION) ?? 0;
  sums.delete(OTHER_LOCATION);
  const sorted = [...sums]
    .map(([value, count]) => ({ value, count }))
    .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
  if (sorted.length + (other > 0 ? 1 : 0) <= MAX_LOCATION_VALUES)
    return other > 0 ? [...sorted, { value: OTHER_LOCATION, count: other }] : sorted;
  const kept = sorted.slice(0, MAX_LOCATION_VALUES - 1);
  const rest = sorted.slice(MAX_LOCATION_VALUES - 1).reduce((n, e) => n + e.count, other);
  return [...kept, { value: OTHER_LOCATION, count: rest }];
}

/** The alert state after one more piece of evidence (null: the alert's first). */
export function foldEvidence(state: AlertState | null, e: Evidence): AlertState {
  const samples = mergeSamples(state === null ? [] : timedSamples(state), e.samples);
  if (state === null) {
    const alert: Alert = {
      id: alertIdOf(e.fingerprint),
      fingerprint: e.fingerprint,
      level: e.level,
      trigger: e.trigger,
      title: e.title,
      reason: e.reason,
      count: e.count,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
      status: 'open',
      snoozedUntil: null,
      service: e.service,
      topic: e.topic,
      templateId: e.templateId,
      template: e.template,
      samples: samples.map((s) => s.text),
      rule: e.rule,
      ...(e.templates === undefined ? {} : { templates: mergeCounts([], e.templates)! }),
    };
    return { v: 1, alert, sampleTimes: samples.map((s) => s.time), describedAt: e.firstSeen, actions: [] };
  }
  const better = describesBetter(e, state);
  const escalated = levelRank(e.level) > levelRank(state.alert.level);
  const templates = mergeCounts(state.alert.templates, e.templates);
  let alert: Alert = {
    ...state.alert,
    ...(templates === undefined ? {} : { templates }),
    count: state.alert.count + e.count,
    firstSeen: Math.min(state.alert.firstSeen, e.firstSeen),
    lastSeen: Math.max(state.alert.lastSeen, e.lastSeen),
    samples: samples.map((s) => s.text),
  };
  if (better) alert = described(alert, e);
  // New evidence reopens a resolved alert, and an escalation reopens an acknowledged one (as the
  // standalone store does).
  let status: AlertStatus = alert.status;
  if (status === 'resolved' || (status === 'acknowledged' && escalated)) status = 'open';
  if (status !== alert.status) alert = { ...alert, status, snoozedUntil: null };
  return {
    ...state,
    alert,
    sampleTimes: samples.map((s) => s.time),
    describedAt: better ? e.firstSeen : state.describedAt,
  };
}

export type ActionOutcome = { ok: true; state: AlertState } | { ok: false; reason: string };

/** The alert state after a person's action; an action the state does not allow is refused with why. */
export function applyAction(state: AlertState, action: ClusterAction): ActionOutcome {
  const alert = state.alert;
  let next: Alert = alert;
  switch (action.action) {
    case 'ack':
      if (alert.status === 'resolved') return { ok: false, reason: 'the alert is resolved' };
      next = { ...alert, status: 'acknowledged' };
      break;
    case 'snooze':
      if (alert.status === 'resolved') return { ok: false, reason: 'the alert is resolved' };
      if (action.durationMs === undefined) return { ok: false, reason: 'a snooze needs durationMs' };
      next = { ...alert, snoozedUntil: action.at + action.durationMs };
      break;
    case 'resolve':
      next = { ...alert, status: 'resolved', snoozedUntil: null };
      break;
    case 'note':
      if (action.text === undefined || action.text.trim() === '')
        return { ok: false, reason: 'a note needs text' };
      break;
  }
  const entry: ActionEntry = {
    at: action.at,
    who: action.who,
    action: action.action,
    text: action.text ?? null,
  };
  return {
    ok: true,
    state: { ...state, alert: next, actions: [...state.actions, entry].slice(-MAX_ACTIONS) },
  };
}
