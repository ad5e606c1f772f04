/**
 * Messages read back from Kafka (alert context, time travel), parsed and analyzed on the fly: the
 * same parse and analyzer as the hot path, one record per offset (no joining of continuation lines:
 * the answer is about exact offsets), and no detectors or alert rules, so reading the past raises
 * nothing. A message the parser rejects keeps its place, with its issue instead of a record.
 */
import { CONTEXT_LIMITS, type ContextLog, type LogRecord } from '../contract';
import { parseMessage } from '../parse';
import type { RawMessage } from '../ingest/source';
import type { Analyzer } from './analyzer';
import { understood } from './understood';

function valueText(value: Buffer | null): { value: string; valueTruncated: boolean } {
  if (value === null) return { value: '', valueTruncated: false };
  const max = CONTEXT_LIMITS.maxValueChars;
  // At most 4 bytes per character: decode only what can be shown.
  const text = value.subarray(0, max * 4).toString('utf8');
  if (text.length <= max && value.length <= max * 4) return { value: text, valueTruncated: false };
  return { value: text.slice(0, max), valueTruncated: true };
}

export async function analyzeRawMessages(
  messages: readonly RawMessage[],
  analyzer: Analyzer,
  maxBytes?: number,
): Promise<ContextLog[]> {
  const out: ContextLog[] = [];
  const records: LogRecord[] = [];
  const recordAt: number[] = [];
  for (const message of messages) {
    const outcome = parseMessage(message, maxBytes === undefined ? undefined : { maxBytes });
    const issues = outcome.ok ? outcome.warnings : [outcome.issue];
    out.push({
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      timestamp: message.timestamp,
      ...valueText(message.value),
      record: outcome.ok ? understood(outcome.record) : null,
      analysis: null,
      issue: issues.length === 0 ? null : issues.map((i) => `${i.kind}: ${i.detail}`).join('; '),
    });
    if (outcome.ok) {
      records.push(outcome.record);
      recordAt.push(out.length - 1);
    }
  }
  const analyses = records.length === 0 ? [] : await analyzer.analyze(records);
  for (let i = 0; i < analyses.length; i++) out[recordAt[i]!]!.analysis = analyses[i]!;
  return out;
}
