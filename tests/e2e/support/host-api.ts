/**
 * The headless host's REST API, as a script calls it (bearer token, JSON). A non-2xx answer is an
 * error carrying the host's own `{"error":{...}}` text, never a silently empty result.
 */
import type { Alert, EngineStatus } from '../../../core/contract';

export interface HostAddress {
  origin: string;
  token: string;
}

export async function hostApi<T>(host: HostAddress, path: string, body?: unknown): Promise<T> {
  const res = await fetch(host.origin + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${body === undefined ? 'GET' : 'POST'} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export const engineStatus = (host: HostAddress): Promise<EngineStatus> =>
  hostApi<EngineStatus>(host, '/api/ml/real_time');

export async function listAlerts(host: HostAddress): Promise<Alert[]> {
  return (await hostApi<{ alerts: Alert[] }>(host, '/api/alerts?limit=5000')).alerts;
}
