/**
 * The body of `POST /api/ml/real_time` (the console's original REST shape) and its translation to the
 * engine's commands. Field rules are the contract's own (`KafkaConfig`, `DemoConfig`), so REST and
 * the UI can never disagree on what a valid broker list or rate is; unknown fields are refused so a
 * typo such as `topic` for `topics` is reported instead of ignored.
 */
import { z } from 'zod';
import {
  ClusterName,
  DemoConfig,
  KafkaConfig,
  VigilRole,
  Workers,
  type StartRequestInput,
} from '../contract';
import { summarizeIssues } from './dispatch';

export const REAL_TIME_OPERATIONS = ['start', 'stop', 'status'] as const;

const KafkaStartBody = z.strictObject({
  ...KafkaConfig.shape,
  operation: z.literal('start'),
  source: z.literal('kafka').optional(),
  // issue 19: the role (absent: standalone) and the cluster naming Vigil's own topics.
  role: VigilRole.optional(),
  cluster: ClusterName.optional(),
  // issue 19 item 3: engine threads of an analyzer or standalone (the contract refuses it for a console).
  workers: Workers.optional(),
});

const DemoStartBody = z.strictObject({
  ...DemoConfig.shape,
  operation: z.literal('start'),
  source: z.literal('demo'),
  // issue 19: accepted; the demo source runs one engine thread.
  workers: Workers.optional(),
});

const BareOperation = (operation: 'stop' | 'status') => z.strictObject({ operation: z.literal(operation) });

export type RealTimeCommand =
  | { command: 'engine:start'; request: StartRequestInput }
  | { command: 'engine:stop' | 'engine:status'; request: Record<string, never> };

export type RealTimeParse =
  | { ok: true; value: RealTimeCommand }
  | { ok: false; code: 'invalid_request' | 'unknown_operation'; message: string };

function invalid(error: z.ZodError): RealTimeParse {
  return { ok: false, code: 'invalid_request', message: summarizeIssues(error) };
}

export function parseRealTimeBody(body: unknown): RealTimeParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      code: 'invalid_request',
      message: 'expected a JSON object with an "operation" field',
    };
  }
  const operation = (body as { operation?: unknown }).operation;
  if (operation === undefined) {
    return {
      ok: false,
      code: 'invalid_request',
      message: `operation: required (one of ${REAL_TIME_OPERATIONS.join(', ')})`,
    };
  }
  switch (operation) {
    case 'start': {
      const isDemo = (body as { source?: unknown }).source === 'demo';
      if (isDemo) {
        const parsed = DemoStartBody.safeParse(body);
        if (!parsed.success) return invalid(parsed.error);
        const { rate, incidents, workers } = parsed.data;
        const request: StartRequestInput = {
          source: 'demo',
          demo: { rate, incidents },
          ...(workers === undefined ? {} : { workers }),
        };
        return { ok: true, value: { command: 'engine:start', request } };
      }
      const parsed = KafkaStartBody.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const { operation: _operation, source: _source, role, cluster, workers, ...kafka } = parsed.data;
      const request: StartRequestInput = {
        source: 'kafka',
        kafka,
        ...(role === undefined ? {} : { role }),
        ...(cluster === undefined ? {} : { cluster }),
        ...(workers === undefined ? {} : { workers }),
      };
      return { ok: true, value: { command: 'engine:start', request } };
    }
    case 'stop':
    case 'status': {
      const bare = operation as 'stop' | 'status';
      const parsed = BareOperation(bare).safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      return { ok: true, value: { command: bare === 'stop' ? 'engine:stop' : 'engine:status', request: {} } };
    }
    default:
      return {
        ok: false,
        code: 'unknown_operation',
        message: `unknown operation ${JSON.stringify(operation).slice(0, 64)}; expected one of ${REAL_TIME_OPERATIONS.join(', ')}`,
      };
  }
}
