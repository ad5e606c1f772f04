/**
 * Test stand-in for the access-log normalisation (another branch): reads an nginx/Apache
 * "combined" line into the ECS fields agreed between branches (source.ip, http.request.method,
 * url.original, url.path, url.query, http.version, http.response.status_code,
 * http.response.body.bytes, http.request.referrer, user_agent.original). "-" means absent.
 */
import type { SigmaFieldValue } from '../../core/rules/sigma/types';

const COMBINED =
  /^(\S+) \S+ \S+ \[[^\]]+\] "(\S+) (\S+) HTTP\/(\d(?:\.\d)?)" (\d{3}) (\d+|-) "([^"]*)" "([^"]*)"$/;

export function combinedFields(line: string): Record<string, SigmaFieldValue> | null {
  const m = COMBINED.exec(line);
  if (m === null) return null;
  const [, ip, method, target, version, status, bytes, referrer, agent] = m as unknown as string[];
  const query = (target as string).indexOf('?');
  const fields: Record<string, SigmaFieldValue> = {
    'source.ip': ip,
    'http.request.method': method,
    'url.original': target,
    'url.path': query < 0 ? target : (target as string).slice(0, query),
    'http.version': version,
    'http.response.status_code': Number(status),
  };
  if (query >= 0) fields['url.query'] = (target as string).slice(query + 1);
  if (bytes !== '-') fields['http.response.body.bytes'] = Number(bytes);
  if (referrer !== '-') fields['http.request.referrer'] = referrer;
  if (agent !== '-') fields['user_agent.original'] = agent;
  return fields;
}
