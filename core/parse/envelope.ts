/**
 * Shipper envelopes (Fluent Bit, Vector, Filebeat) carry the application's own line in `log` /
 * `message`. That line is parsed again (JSON, logfmt or plain text, never another envelope) and
 * merged: what the application wrote wins (time, level, message, service or logger name, error);
 * the envelope fills the gaps (its app label or container name as service, its node as host) and
 * its metadata stays in the fields.
 */
import type { FieldValue } from '../contract';
import { parseJsonLog } from './json';
import { looksLikeLogfmt, parseLogfmt } from './logfmt';
import { parsePlain } from './plain';
import { MAX_FIELDS, messageFromFields, type BuildWarning, type StructuredParts } from './structured';

function innerParts(text: string, reference: number, warnings: BuildWarning[]): StructuredParts | null {
  const first = text.charCodeAt(0);
  if (first === 123 /* { */) {
    const json = parseJsonLog(text);
    if (json.kind !== 'ok' || json.builder.shape.shape?.envelope === true) return null;
    const built = json.builder.finish();
    for (const w of built.warnings) warnings.push(w);
    return built.parts;
  }
  if (looksLikeLogfmt(text)) {
    const builder = parseLogfmt(text);
    if (builder !== null) {
      const built = builder.finish();
      for (const w of built.warnings) warnings.push(w);
      return built.parts;
    }
  }
  const plain = parsePlain(text, reference);
  return { ...plain, error: null };
}

function mergeFields(
  outer: Record<string, FieldValue>,
  inner: Record<string, FieldValue>,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  let n = 0;
  for (const key in inner) {
    out[key] = inner[key]!;
    n++;
  }
  for (const key in outer) {
    if (n >= MAX_FIELDS) break;
    if (Object.prototype.hasOwnProperty.call(out, key)) continue;
    out[key] = outer[key]!;
    n++;
  }
  return out;
}

export function mergeEnvelope(
  outer: StructuredParts,
  text: string,
  reference: number,
  warnings: BuildWarning[],
): StructuredParts {
  const inner = innerParts(text.trim(), reference, warnings);
  if (inner === null) return outer;
  return {
    time: inner.time ?? outer.time,
    level: inner.level ?? outer.level,
    message: inner.message ?? messageFromFields(inner.fields),
    service: inner.service ?? outer.service,
    // The node the pod runs on; the pod's own hostname (its name) stays a field.
    host: outer.host ?? inner.host,
    error: inner.error ?? outer.error,
    fields: mergeFields(outer.fields, inner.fields),
  };
}
