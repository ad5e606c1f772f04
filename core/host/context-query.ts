/**
 * Query strings of the issue-18 routes: `GET /api/alerts/{id}/context?before=&after=&sample=` and
 * `GET /api/topics/{topic}/messages?at=ISO_TIME&limit=` (or `&partition=&offset=`).
 */
import { AlertContextRequest, TopicMessagesRequest } from '../contract';
import { summarizeIssues } from './dispatch';
import { intParam, rejectUnknown, type QueryParse } from './query';
import type { z } from 'zod';

function checked<S extends z.ZodType>(schema: S, candidate: unknown): QueryParse<z.input<S>> {
  const parsed = schema.safeParse(candidate);
  return parsed.success
    ? { ok: true, value: candidate as z.input<S> }
    : { ok: false, message: summarizeIssues(parsed.error) };
}

export function parseContextQuery(
  id: string,
  params: URLSearchParams,
): QueryParse<z.input<typeof AlertContextRequest>> {
  const unknown = rejectUnknown(params, ['before', 'after', 'sample']);
  if (unknown !== null) return { ok: false, message: unknown };
  return checked(AlertContextRequest, {
    id,
    before: intParam(params, 'before'),
    after: intParam(params, 'after'),
    sample: intParam(params, 'sample'),
  });
}

/** ISO 8601 with a date and a time (a zone, or UTC when none is given): epoch ms, or null. */
export function parseIsoTime(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed))
    return null;
  // Date.parse rolls 2026-02-30 over to March: the calendar date must exist as written.
  const [y, m, d] = trimmed.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : null;
}

export function parseTopicMessagesQuery(
  topic: string,
  params: URLSearchParams,
): QueryParse<z.input<typeof TopicMessagesRequest>> {
  const unknown = rejectUnknown(params, ['at', 'limit', 'partition', 'offset']);
  if (unknown !== null) return { ok: false, message: unknown };
  const atText = params.get('at');
  let at: number | undefined;
  if (atText !== null) {
    const ms = parseIsoTime(atText);
    if (ms === null)
      return { ok: false, message: 'at: expected an ISO 8601 time such as 2026-12-05T02:00:00Z' };
    at = ms;
  }
  return checked(TopicMessagesRequest, {
    topic,
    at,
    limit: intParam(params, 'limit'),
    partition: intParam(params, 'partition'),
    offset: params.get('offset') ?? undefined,
  });
}
