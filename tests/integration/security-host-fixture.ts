/**
 * Shared setup of the hostile-request tests against the real headless host
 * (tests/integration/security-host-*.test.ts): each test file spawns its own host running the demo
 * (`npm run serve -- --demo`, a child process with the real engine), and prints the figures it
 * measured as one JSON line when it is done. The host needs no Kafka broker.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { spawnHost, type HostChild } from '../security/support/host-child';
import type { ProbeResponse } from '../security/support/http-probe';

export const TOKEN = `security-host-${Date.now().toString(36)}-0123456789abcdef`;

export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
export const good = (): Record<string, string> => ({ ...bearer(TOKEN), 'Content-Type': 'application/json' });

/** The contract's error shape, with no stack trace leaking into the message. */
export function expectJsonError(res: ProbeResponse, status: number, code?: string): void {
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body?.error?.code).toBe('string');
  expect(typeof body?.error?.message).toBe('string');
  if (code !== undefined) expect(body.error!.code).toBe(code);
  expect(String(body.error!.message)).not.toMatch(/\n\s+at |node:internal|\/core\//);
}

/** The spawned host, as the tests see it: only usable inside a test, since it starts in `beforeAll`. */
export type DemoHost = Pick<HostChild, 'port' | 'origin' | 'alive'>;

/**
 * Registers the hooks that spawn the demo host with `TOKEN` before the calling file's tests and,
 * after them, print `figures` (which the tests fill in) and dispose of the host. `part` names the
 * file in the printed line, next to `"test":"security-host"`.
 */
export function useDemoHost(part: string): { host: DemoHost; figures: Record<string, unknown> } {
  const figures: Record<string, unknown> = { test: 'security-host', part };
  let child: HostChild | undefined;

  beforeAll(async () => {
    child = await spawnHost(TOKEN, ['--demo']);
  });

  afterAll(async () => {
    console.log(JSON.stringify(figures));
    await child?.dispose();
  });

  const started = (): HostChild => {
    if (child === undefined) throw new Error('the host is spawned in beforeAll: use it inside a test');
    return child;
  };
  const host: DemoHost = {
    get port() {
      return started().port;
    },
    get origin() {
      return started().origin;
    },
    alive: () => started().alive(),
  };
  return { host, figures };
}
