/**
 * Titles and reasons of rule alerts. Titles are written with placeholders:
 *   {service} {host} {level} {count} {window} {group}
 *   {field:NAME}  a structured field, e.g. {field:source.ip}
 *   {match:NAME}  a named group of the rule's message regex
 *   {error.type} {error.rootCause}
 * A placeholder without a value reads "?" (service and host fall back to each other first).
 */
import type { LogRecord } from '../contract';
import type { RuleHit } from './engine';

const PLACEHOLDER = /\{([a-zA-Z.]+(?::[^{}]{1,200})?)\}/g;
const MAX_VALUE = 80;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function value(name: string, hit: RuleHit, record: LogRecord): string | null {
  switch (name) {
    case 'service':
      return record.service ?? record.host;
    case 'host':
      return record.host ?? record.service;
    case 'level':
      return record.level;
    case 'count':
      return String(hit.count);
    case 'window':
      return hit.rule.threshold === null ? null : `${hit.rule.threshold.windowSeconds} s`;
    case 'group':
      return hit.group;
    case 'error.type':
      return record.error?.type ?? null;
    case 'error.rootCause':
      return record.error?.rootCause ?? null;
  }
  if (name.startsWith('field:')) {
    const v = record.fields[name.slice(6)];
    return v === undefined || v === null ? null : String(v);
  }
  if (name.startsWith('match:')) return hit.captures?.[name.slice(6)] ?? null;
  return null;
}

export function renderTitle(hit: RuleHit, record: LogRecord): string {
  return hit.rule.ref.title.replace(PLACEHOLDER, (_, name: string) => {
    const v = value(name, hit, record);
    return v === null || v === '' ? '?' : clip(v, MAX_VALUE);
  });
}

/** The evidence, then the advice: what fired, on what, and what to do. */
export function renderReason(hit: RuleHit, record: LogRecord): string {
  const rule = hit.rule;
  const t = rule.threshold;
  const counted =
    t === null
      ? ''
      : `${hit.count} matching logs within ${t.windowSeconds} s` +
        `${hit.group ? ` for ${t.groupBy.replace(/^(field|match):/, '')} ${clip(hit.group, MAX_VALUE)}` : ''}` +
        (hit.count >= t.count ? ` (threshold ${t.count}). ` : ` (under the threshold of ${t.count}). `);
  const source =
    rule.ref.source === 'sigma'
      ? `Sigma rule "${rule.ref.title}" (${rule.ref.sigmaId ?? rule.ref.id}) by ${rule.ref.author ?? 'unknown'}, SigmaHQ`
      : `Rule ${rule.ref.id}${rule.ref.file === null ? '' : ` (${rule.ref.file})`}`;
  const advice = rule.ref.advice === null ? '' : ` ${rule.ref.advice}`;
  return `${source} matched: "${clip(record.message, 200)}". ${counted}${advice}`.trim();
}
