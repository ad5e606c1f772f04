/**
 * The keys that can group an alert with others into an incident (docs/incidents.md):
 *  - `address`: a source address its samples name (the most frequent ones), so one attacker's
 *    sshd and sshd(pam_unix) failures are one incident. Unspecified, loopback and broadcast
 *    addresses say nothing about a cause and are left out.
 *  - `host`: the host the alert happened on (the `host` field, when the alert carries one).
 *  - `service`: the service the alert names.
 *  - `family`: the template family, the leading literal words of the template with the trigger
 *    ("Failed password for" on security), so variants of one message go together.
 * Keys are computed once per alert when it is placed (created or reopened), never per log.
 */
import type { Alert, IncidentGroupKey } from '../../contract';

const ADDRESSES_PER_ALERT = 3;
const FAMILY_WORDS = 3;
const MEANINGLESS = /^(?:0\.0\.0\.0|127\.\d+\.\d+\.\d+|255\.255\.255\.255|::1?)$/;

/** The host of an alert: the `host` field alerts carry once hosts are tracked, else null. */
export function hostOf(alert: Alert): string | null {
  const host = (alert as Alert & { host?: unknown }).host;
  return typeof host === 'string' && host !== '' ? host : null;
}

/** Leading literal words of a template: no wildcard, no digits, at least two of them. */
export function familyOf(template: string | null): string | null {
  if (template === null) return null;
  const words: string[] = [];
  for (const word of template.split(/\s+/)) {
    if (word === '') continue;
    if (word.includes('<') || /\d/.test(word)) break;
    words.push(word.toLowerCase());
    if (words.length === FAMILY_WORDS) break;
  }
  return words.length >= 2 ? words.join(' ') : null;
}

/** The alert's keys, in the order of `groupBy`, as `kind=value` strings. */
export function groupKeysOf(
  alert: Alert,
  addresses: readonly string[],
  groupBy: readonly IncidentGroupKey[],
): string[] {
  const keys: string[] = [];
  for (const kind of groupBy) {
    switch (kind) {
      case 'address':
        for (const address of addresses.filter((a) => !MEANINGLESS.test(a)).slice(0, ADDRESSES_PER_ALERT))
          keys.push(`address=${address}`);
        break;
      case 'host': {
        const host = hostOf(alert);
        if (host !== null) keys.push(`host=${host}`);
        break;
      }
      case 'service':
        if (alert.service !== null) keys.push(`service=${alert.service}`);
        break;
      case 'family': {
        const family = familyOf(alert.template);
        if (family !== null) keys.push(`family=${alert.trigger}:${family}`);
        break;
      }
      case 'together':
        break; // by time, not by value: see IncidentStore
    }
  }
  return keys;
}
