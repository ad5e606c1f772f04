/**
 * The REST API under `/api/`. Every route needs the bearer token (checked before anything else, so
 * an unauthenticated caller learns nothing, not even which routes exist). Handlers turn HTTP into
 * one engine command each, through `dispatchCommand`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS, type CommandName } from '../contract';
import type { EngineClient } from '../engine/client';
import { isAuthorizedRequest } from './auth';
import { readJsonBody } from './body';
import { dispatchCommand, type CommandOutcome } from './dispatch';
import { parseContextQuery, parseTopicMessagesQuery } from './context-query';
import {
  parseAlertQuery,
  parseNoParams,
  parsePatternAlertsQuery,
  parsePatternQuery,
  type QueryParse,
} from './query';
import { parseRealTimeBody } from './real-time';
import { sendError, sendJson } from './respond';
import { z } from 'zod';

export interface ApiOptions {
  engine: EngineClient;
  token: string;
  maxBodyBytes?: number;
  /** POST requests handled at once; each may hold a body of up to `maxBodyBytes` in memory. */
  maxConcurrentPosts?: number;
}

type Method = 'GET' | 'POST';

interface RouteContext {
  url: URL;
  params: string[];
  /** The parsed JSON body (POST only; `undefined` when empty). */
  body: unknown;
}

type Handler = (ctx: RouteContext) => Promise<CommandOutcome>;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<Method, Handler>>;
}

const badRequest = (code: string, message: string): CommandOutcome => ({
  ok: false,
  status: 400,
  code,
  message,
});

function fromQuery<T>(
  parsed: QueryParse<T>,
  run: (value: T) => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  return parsed.ok ? run(parsed.value) : Promise.resolve(badRequest('invalid_request', parsed.message));
}

const EmptyBody = z.union([z.undefined(), z.strictObject({})]);
const SnoozeBody = z.strictObject({ durationMs: z.unknown() });
const PromoteBody = z.union([z.undefined(), z.strictObject({ arm: z.unknown().optional() })]);
const VerdictBody = z.strictObject({ verdict: z.unknown() });

const NoteBody = z.strictObject({ text: z.unknown() });

type ActionName = 'ack' | 'resolve' | 'snooze' | 'note';

/** POST …/{id}/{action}: the body carries `durationMs` for snooze, `text` for note, nothing else. */
function actionRequest(
  id: string,
  action: ActionName,
  body: unknown,
): { ok: true; request: Record<string, unknown> } | { ok: false; refused: CommandOutcome } {
  const refuse = (message: string) => ({
    ok: false as const,
    refused: badRequest('invalid_request', message),
  });
  if (action === 'snooze') {
    const parsed = SnoozeBody.safeParse(body ?? {});
    if (!parsed.success) return refuse('expected {"durationMs": <milliseconds>} only');
    return { ok: true, request: { id, action, durationMs: parsed.data.durationMs } };
  }
  if (action === 'note') {
    const parsed = NoteBody.safeParse(body ?? {});
    if (!parsed.success) return refuse('expected {"text": "<note>"} only');
    return { ok: true, request: { id, action, text: parsed.data.text } };
  }
  if (!EmptyBody.safeParse(body).success) return refuse(`${action} takes no body fields`);
  return { ok: true, request: { id, action } };
}

function buildRoutes(engine: EngineClient): Route[] {
  const run = (name: CommandName, request: unknown) => dispatchCommand(engine, name, request);
  const actionRoute = (name: 'alerts:act' | 'incidents:act', params: string[], body: unknown) => {
    const [id, action] = params as [string, ActionName];
    const parsed = actionRequest(id, action, body);
    return parsed.ok ? run(name, parsed.request) : Promise.resolve(parsed.refused);
  };
  return [
    {
      pattern: /^\/api\/ml\/real_time$/,
      methods: {
        GET: ({ url }) => fromQuery(parseNoParams(url.searchParams), () => run('engine:status', {})),
        POST: async ({ body }) => {
          const parsed = parseRealTimeBody(body);
          if (!parsed.ok) return badRequest(parsed.code, parsed.message);
          return run(parsed.value.command, parsed.value.request);
        },
      },
    },
    {
      pattern: /^\/api\/ml\/analyze$/,
      methods: { POST: ({ body }) => run('analyze', body) },
    },
    {
      pattern: /^\/api\/alerts$/,
      methods: {
        GET: ({ url }) => fromQuery(parseAlertQuery(url.searchParams), (query) => run('alerts:list', query)),
      },
    },
    {
      pattern: /^\/api\/alerts\/([^/]+)\/(ack|resolve|snooze|note)$/,
      methods: { POST: ({ params, body }) => actionRoute('alerts:act', params, body) },
    },
    {
      pattern: /^\/api\/patterns$/,
      methods: {
        GET: ({ url }) =>
          fromQuery(parsePatternQuery(url.searchParams), (query) => run('patterns:list', query)),
      },
    },
    {
      pattern: /^\/api\/models$/,
      methods: {
        // The status (as before) plus `models`: the registry of both models folders.
        GET: ({ url }) => fromQuery(parseNoParams(url.searchParams), () => run('models:list', {})),
      },
    },
    // ---- A/B model testing (i20) ----
    {
      pattern: /^\/api\/experiments$/,
      methods: {
        GET: ({ url }) => fromQuery(parseNoParams(url.searchParams), () => run('experiments:list', {})),
        POST: ({ body }) => run('experiments:create', body ?? {}),
      },
    },
    {
      pattern: /^\/api\/experiments\/([^/]+)$/,
      methods: {
        GET: ({ url, params }) =>
          fromQuery(parseNoParams(url.searchParams), () => run('experiments:get', { id: params[0] })),
      },
    },
    {
      pattern: /^\/api\/experiments\/([^/]+)\/(promote|stop|rollback)$/,
      methods: {
        POST: async ({ params, body }) => {
          const [id, action] = params as [string, 'promote' | 'stop' | 'rollback'];
          const parsed = (action === 'promote' ? PromoteBody : EmptyBody).safeParse(body);
          if (!parsed.success)
            return badRequest(
              'invalid_request',
              action === 'promote'
                ? 'expected {} or {"arm": "<model ref>"}'
                : `${action} takes no body fields`,
            );
          const arm = (parsed.data as { arm?: unknown } | undefined)?.arm;
          return run('experiments:act', { id, action, ...(arm === undefined ? {} : { arm }) });
        },
      },
    },
    {
      pattern: /^\/api\/alerts\/([^/]+)\/verdict$/,
      methods: {
        POST: async ({ params, body }) => {
          const parsed = VerdictBody.safeParse(body ?? {});
          if (!parsed.success)
            return badRequest('invalid_request', 'expected {"verdict": "useful" | "noise"}');
          return run('alerts:verdict', { id: params[0], verdict: parsed.data.verdict });
        },
      },
    },
    {
      pattern: /^\/api\/alerts\/([^/]+)\/context$/,
      methods: {
        GET: ({ url, params }) =>
          fromQuery(parseContextQuery(params[0]!, url.searchParams), (q) => run('alerts:context', q)),
      },
    },
    {
      pattern: /^\/api\/topics\/([^/]+)\/messages$/,
      methods: {
        GET: ({ url, params }) =>
          fromQuery(parseTopicMessagesQuery(params[0]!, url.searchParams), (q) => run('topics:messages', q)),
      },
    },
    {
      pattern: /^\/api\/incidents$/,
      methods: {
        GET: ({ url }) =>
          fromQuery(parseAlertQuery(url.searchParams), (query) => run('incidents:list', query)),
      },
    },
    {
      pattern: /^\/api\/incidents\/([^/]+)$/,
      methods: {
        GET: ({ url, params }) =>
          fromQuery(parseNoParams(url.searchParams), () => run('incidents:get', { id: params[0] })),
      },
    },
    {
      pattern: /^\/api\/incidents\/([^/]+)\/(ack|resolve|snooze|note)$/,
      methods: { POST: ({ params, body }) => actionRoute('incidents:act', params, body) },
    },
    {
      pattern: /^\/api\/health$/,
      methods: {
        GET: ({ url }) =>
          fromQuery(parseNoParams(url.searchParams), async () => {
            const outcome = await run('engine:status', {});
            if (!outcome.ok) return outcome;
            const { health, running } = outcome.response as { health: unknown; running: boolean };
            return { ok: true, response: { ...(health as object), running } };
          }),
      },
    },
    // ---- the local history of analyzed logs (issue 18) ----
    {
      pattern: /^\/api\/logs\/query$/,
      methods: { POST: ({ body }) => run('logs:query', body) },
    },
    {
      pattern: /^\/api\/logs\/histogram$/,
      methods: { POST: ({ body }) => run('logs:histogram', body) },
    },
    {
      pattern: /^\/api\/history$/,
      methods: {
        GET: ({ url }) => fromQuery(parseNoParams(url.searchParams), () => run('history:status', {})),
      },
    },
    // ---- issue 19 (fleet): the cluster's analyzers from its stats topic ----
    {
      pattern: /^\/api\/fleet$/,
      methods: {
        GET: ({ url }) => fromQuery(parseNoParams(url.searchParams), () => run('fleet:status', {})),
      },
    },
    // ---- i18: patterns you can reach ----
    {
      pattern: /^\/api\/patterns\/([^/]+)\/alerts$/,
      methods: {
        GET: ({ url, params }) =>
          fromQuery(parsePatternAlertsQuery(params[0]!, url.searchParams), (q) => run('patterns:alerts', q)),
      },
    },
  ];
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export function createApiHandler(options: ApiOptions): ApiHandler {
  const routes = buildRoutes(options.engine);
  const maxBodyBytes = options.maxBodyBytes ?? LIMITS.requestMaxBytes;
  const maxConcurrentPosts = options.maxConcurrentPosts ?? 8;
  let postsInFlight = 0;

  return async (req, res, url) => {
    if (!isAuthorizedRequest(req, options.token)) {
      sendError(res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    if (url.pathname === '/api/ws') {
      sendError(res, 426, 'upgrade_required', 'this endpoint speaks WebSocket only', {
        Upgrade: 'websocket',
      });
      return;
    }
    const match = matchRoute(routes, url.pathname);
    if (match === null) {
      sendError(res, 404, 'not_found', `no API route ${url.pathname.slice(0, 200)}`);
      return;
    }
    const { route, params } = match;
    const method = req.method as Method;
    const handler = route.methods[method];
    if (handler === undefined) {
      const allowed = Object.keys(route.methods).join(', ');
      sendError(res, 405, 'method_not_allowed', `use ${allowed} on this route`, { Allow: allowed });
      return;
    }
    const decoded = decodeParams(params);
    if (decoded === null) {
      sendError(res, 400, 'invalid_request', 'the path is not valid percent-encoding');
      return;
    }

    if (method !== 'POST') {
      respond(res, await handler({ url, params: decoded, body: undefined }));
      return;
    }
    if (postsInFlight >= maxConcurrentPosts) {
      sendError(res, 503, 'busy', 'too many requests in progress; retry shortly', {
        'Retry-After': '1',
        Connection: 'close',
      });
      return;
    }
    postsInFlight++;
    try {
      const body = await readJsonBody(req, maxBodyBytes);
      if (!body.ok) {
        // After a 413 the rest of the body is unread: close instead of reading it to reuse the connection.
        sendError(
          res,
          body.status,
          body.code,
          body.message,
          body.status === 413 ? { Connection: 'close' } : {},
        );
        return;
      }
      respond(res, await handler({ url, params: decoded, body: body.value }));
    } finally {
      postsInFlight--;
    }
  };
}

function matchRoute(routes: Route[], pathname: string): { route: Route; params: string[] } | null {
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (m !== null) return { route, params: m.slice(1) };
  }
  return null;
}

function decodeParams(params: string[]): string[] | null {
  try {
    return params.map((param) => decodeURIComponent(param));
  } catch {
    return null;
  }
}

function respond(res: ServerResponse, outcome: CommandOutcome): void {
  if (outcome.ok) sendJson(res, 200, outcome.response);
  else sendError(res, outcome.status, outcome.code, outcome.message);
}
