/**
 * A burst of 10,000 bad requests against the real headless host (a child process running the demo,
 * see security-host-fixture.ts) leaves it alive and serving good ones, while a client polls it. All
 * traffic goes to 127.0.0.1. Figures (throughput, outcomes, latency of the good requests) are
 * printed as one JSON line.
 */
import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../core/contract';
import {
  httpProbe,
  rawExchange,
  sendOversized,
  upgradeStatus,
  type ProbeResponse,
} from '../security/support/http-probe';
import { TOKEN, bearer, good, useDemoHost } from './security-host-fixture';

const { host, figures } = useDemoHost('burst');

/** One kind of bad request in the burst, and the statuses it may legitimately get. */
interface BurstKind {
  name: string;
  send: (agent: Agent) => Promise<number>;
  allowed: number[];
}

const statusOf = (res: ProbeResponse): number => res.status;
/** POSTs beyond the host's concurrent-POST cap are turned away with 503 busy: documented, not a fault. */
const BUSY = 503;

function burstKinds(port: number): BurstKind[] {
  const post = (agent: Agent, path: string, body: string, headers = good()) =>
    httpProbe(port, { method: 'POST', path, headers, body, agent }).then(statusOf);
  return [
    {
      name: 'no token',
      send: (agent) => httpProbe(port, { path: '/api/alerts', agent }).then(statusOf),
      allowed: [401],
    },
    {
      name: 'wrong token',
      send: (agent) =>
        post(agent, '/api/ml/analyze', '{"logs":["x"]}', bearer('wrong-token-0123456789abcdef')),
      allowed: [401],
    },
    {
      name: 'invalid JSON',
      send: (agent) => post(agent, '/api/ml/real_time', '{"operation":'),
      allowed: [400, BUSY],
    },
    {
      name: 'unknown operation',
      send: (agent) => post(agent, '/api/ml/real_time', '{"operation":"explode"}'),
      allowed: [400, BUSY],
    },
    {
      name: 'wrong types',
      send: (agent) => post(agent, '/api/ml/analyze', '{"logs":[1,2,3]}'),
      allowed: [400, BUSY],
    },
    {
      name: 'bad query',
      send: (agent) =>
        httpProbe(port, { path: '/api/alerts?level=none&limit=x', headers: good(), agent }).then(statusOf),
      allowed: [400],
    },
    {
      name: 'unknown route',
      send: (agent) =>
        httpProbe(port, { path: '/api/admin/../users', headers: good(), agent }).then(statusOf),
      allowed: [404],
    },
    {
      name: 'forged Host',
      send: (agent) =>
        httpProbe(port, { path: '/api/health', headers: { ...good(), Host: 'evil.example' }, agent }).then(
          statusOf,
        ),
      allowed: [403],
    },
    {
      name: 'WebSocket without token',
      send: () => upgradeStatus(port, '/api/ws').then(statusOf),
      allowed: [401],
    },
    {
      name: 'not HTTP',
      send: () => rawExchange(port, 'GARBAGE\r\n\r\n').then((line) => Number(line.split(' ')[1] ?? 0)),
      allowed: [400],
    },
    // Declares a body over the limit but sends only its first 64 KB: the refusal comes from the header.
    {
      name: 'oversized (declared)',
      send: () =>
        sendOversized(
          port,
          '/api/ml/analyze',
          bearer(TOKEN),
          LIMITS.requestMaxBytes + 1,
          true,
          64 * 1024,
        ).then(statusOf),
      allowed: [413, BUSY],
    },
  ];
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

describe('a burst of 10,000 bad requests', () => {
  it('leaves the host alive and serving good requests during and after', async () => {
    const TOTAL = 10_000;
    const CONCURRENCY = 50;
    const kinds = burstKinds(host.port);
    const badAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const goodAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const tally = new Map<string, Map<string, number>>();
    const count = (kind: string, outcome: string): void => {
      const byOutcome = tally.get(kind) ?? new Map<string, number>();
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
      tally.set(kind, byOutcome);
    };

    let bursting = true;
    const goodLatencies: number[] = [];
    const goodFailures: string[] = [];
    const goodLoop = (async () => {
      while (bursting) {
        const started = performance.now();
        try {
          const res = await httpProbe(host.port, {
            path: '/api/ml/real_time',
            headers: good(),
            agent: goodAgent,
          });
          if (res.status === 200) goodLatencies.push(performance.now() - started);
          else goodFailures.push(`HTTP ${res.status}`);
        } catch (error) {
          goodFailures.push((error as Error).message);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < TOTAL) {
        const kind = kinds[next++ % kinds.length]!;
        try {
          count(kind.name, String(await kind.send(badAgent)));
        } catch (error) {
          count(kind.name, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const burstSeconds = (performance.now() - started) / 1000;
    bursting = false;
    await goodLoop;
    badAgent.destroy();
    goodAgent.destroy();

    const after = await httpProbe(host.port, { path: '/api/ml/real_time', headers: good() });
    const status = after.json as { running?: boolean; stats?: { processed?: number } };
    const sorted = [...goodLatencies].sort((a, b) => a - b);
    const outcomes = Object.fromEntries(
      [...tally].map(([kind, byOutcome]) => [kind, Object.fromEntries(byOutcome)]),
    );
    Object.assign(figures, {
      burstRequests: TOTAL,
      burstConcurrency: CONCURRENCY,
      burstSeconds: Number(burstSeconds.toFixed(2)),
      burstRequestsPerSecond: Math.round(TOTAL / burstSeconds),
      burstOutcomes: outcomes,
      goodRequestsDuringBurst: goodLatencies.length,
      goodFailuresDuringBurst: goodFailures.length,
      goodP50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
      goodP99Ms: Number(percentile(sorted, 0.99).toFixed(1)),
      goodMaxMs: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
      aliveAfterBurst: host.alive(),
      engineRunningAfterBurst: status.running,
    });

    expect(goodFailures).toEqual([]);
    expect(goodLatencies.length).toBeGreaterThan(0);
    expect(after.status).toBe(200);
    expect(status.running).toBe(true);
    expect(host.alive()).toBe(true);
    for (const kind of kinds) {
      const seen = Object.keys(outcomes[kind.name] ?? {});
      expect([kind.name, seen.filter((outcome) => !kind.allowed.map(String).includes(outcome))]).toEqual([
        kind.name,
        [],
      ]);
    }
  });
});
