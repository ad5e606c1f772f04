/**
 * Query strings of the GET routes, turned into command requests. Lists may be comma-separated
 * (`level=critical,high`) or repeated (`level=critical&level=high`); numbers must be integers. Unknown
 * parameters are refused rather than ignored.
 */
import { summarizeIssues } from './dispatch';
import { AlertQuery, PatternAlertsQuery, PatternQuery } from '../contract';
import type { z } from 'zod';

export type QueryParse<T> = { ok: true; value: T } | { ok: false; message: string };

function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const raw = params.getAll(name);
  if (raw.length === 0) return undefined;
  const items = raw
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
  // No cap needed here: Node bounds the whole request line (maxHeaderSize), hence every list.
  return items;
}

/** An integer parameter; a non-integer is passed through as text so that validation names it. */
export function intParam(params: URLSearchParams, name: string): number | string | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  return /^-?\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
}

function unknownParams(params: URLSearchParams, known: readonly string[]): string[] {
  return [...new Set(params.keys())].filter((key) => !known.includes(key));
}

export function rejectUnknown(params: URLSearchParams, known: readonly string[]): string | null {
  const unknown = unknownParams(params, known);
  if (unknown.length === 0) return null;
  const names = unknown.map((key) => JSON.stringify(key.slice(0, 64))).join(', ');
  const expected =
    known.length === 0 ? 'this route takes no query parameters' : `expected ${known.join(', ')}`;
  return `unknown query parameter ${names}; ${expected}`;
}

export function parseAlertQuery(params: URLSearchParams): QueryParse<z.input<typeof AlertQuery>> {
  const known = ['level', 'trigger', 'status', 'service', 'limit'] as const;
  const unknown = rejectUnknown(params, known);
  if (unknown !== null) return { ok: false, message: unknown };
  const candidate: Record<string, unknown> = {
    level: listParam(params, 'level'),
    trigger: listParam(params, 'trigger'),
    status: listParam(params, 'status'),
    service: params.get('service') ?? undefined,
    limit: intParam(params, 'limit'),
  };
  const parsed = AlertQuery.safeParse(candidate);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: summarizeIssues(parsed.error) };
}

/** GET routes that take no parameters say so instead of ignoring what was sent. */
export function parseNoParams(params: URLSearchParams): QueryParse<Record<string, never>> {
  const unknown = rejectUnknown(params, []);
  return unknown === null ? { ok: true, value: {} } : { ok: false, message: unknown };
}

/** `GET /api/patterns?limit=&offset=&text=&service=&templateId=`: paging and filters over every template. */
export function parsePatternQuery(params: URLSearchParams): QueryParse<z.input<typeof PatternQuery>> {
  const unknown = rejectUnknown(params, ['limit', 'offset', 'text', 'service', 'templateId']);
  if (unknown !== null) return { ok: false, message: unknown };
  const parsed = PatternQuery.safeParse({
    limit: intParam(params, 'limit'),
    offset: intParam(params, 'offset'),
    text: params.get('text') ?? undefined,
    service: params.get('service') ?? undefined,
    templateId: params.get('templateId') ?? undefined,
  });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: summarizeIssues(parsed.error) };
}

/** `GET /api/patterns/{templateId}/alerts?limit=` (i18): the alerts whose evidence holds the template. */
export function parsePatternAlertsQuery(
  templateId: string,
  params: URLSearchParams,
): QueryParse<z.input<typeof PatternAlertsQuery>> {
  const unknown = rejectUnknown(params, ['limit']);
  if (unknown !== null) return { ok: false, message: unknown };
  const parsed = PatternAlertsQuery.safeParse({ templateId, limit: intParam(params, 'limit') });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: summarizeIssues(parsed.error) };
}
