/**
 * `vigil serve` host processes for the cluster tests, each the real headless host
 * (tests/security/support/host-child.ts) with a data folder of its own, history off (several hosts
 * share two cores) and no model (the rule pack decides the brute force; keyword rules the rest);
 * all stopped, and their folders deleted, after the file's tests. And the REST calls made to them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { EngineStatus } from '../../../core/contract';
import { spawnHost, type HostChild } from '../../security/support/host-child';

export interface ServeHost extends HostChild {
  /** What the test calls it: in tokens, errors and printed lines. */
  name: string;
}

/** How long a host may take to print its console URL: several start at once on two cores. */
const READY_MS = 180_000;

/**
 * Returns `serve(name, actorName?)`, which starts one host and resolves once it serves; `actorName`
 * (Settings) is who acts through it. Call at the top of a test file: it registers the clean-up.
 */
export function serveHosts(prefix: string): (name: string, actorName?: string) => Promise<ServeHost> {
  const noModels = mkdtempSync(join(tmpdir(), `vigil-${prefix}-no-models-`));
  const hosts: HostChild[] = [];
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.dispose()));
    rmSync(noModels, { recursive: true, force: true });
  });
  return async (name, actorName) => {
    const token = `${prefix}-${name}-${Date.now().toString(36)}-0123456789abcdef`;
    const host = await spawnHost(token, [], READY_MS, {
      env: { VIGIL_MODELS_DIR: noModels },
      settings: { historyEnabled: false, ...(actorName === undefined ? {} : { actorName }) },
    });
    hosts.push(host);
    return { ...host, name };
  };
}

/** One authenticated REST call; anything but 200 throws with the host, route, status and body. */
export async function call(
  host: ServeHost,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(host.origin + path, {
    method,
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await res.json();
  if (res.status !== 200)
    throw new Error(`${host.name} ${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

/** The engine's status (`GET /api/ml/real_time`). */
export async function engineStatus(host: ServeHost): Promise<EngineStatus> {
  return EngineStatus.parse(await call(host, 'GET', '/api/ml/real_time'));
}

/** Starts the engine (`POST /api/ml/real_time` with a start request, e.g. a cluster role). */
export async function startEngine(host: ServeHost, request: object): Promise<EngineStatus> {
  return EngineStatus.parse(await call(host, 'POST', '/api/ml/real_time', request));
}

/** Starts the cluster's analyzer role on `topic`, read from its beginning, with `workers` engine threads. */
export function startAnalyzer(
  host: ServeHost,
  role: { cluster: string; brokers: string[]; topic: string; workers: number },
): Promise<EngineStatus> {
  return startEngine(host, {
    operation: 'start',
    role: 'analyzer',
    cluster: role.cluster,
    brokers: role.brokers,
    topics: [role.topic],
    fromBeginning: true,
    workers: role.workers,
  });
}
