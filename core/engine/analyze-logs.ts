/** The `analyze` command (logs given inline): parsed and analyzed like streamed logs, no alerts raised. */
import type { AnalyzeResult } from '../contract';
import { parseObject, parseText, withTopicService, type ParseOutcome } from '../parse';
import type { Analyzer } from './analyzer';
import { EngineError } from './errors';
import { understood } from './understood';

export async function analyzeLogs(
  analyzer: Analyzer,
  logs: ReadonlyArray<string | Record<string, unknown>>,
  now: number,
): Promise<AnalyzeResult[]> {
  const records = logs.map((log, i) => {
    const meta = { topic: 'analyze', partition: 0, offset: String(i), timestamp: now };
    // The analyze request is the topic of its logs: the same service fallback as a streamed log.
    const outcome: ParseOutcome = withTopicService(
      typeof log === 'string' ? parseText(log, meta) : parseObject(log, meta),
    );
    if (!outcome.ok) throw new EngineError('invalid_request', `logs[${i}]: ${outcome.issue.detail}`);
    return outcome.record;
  });
  const analyses = await analyzer.analyze(records, false);
  return analyses.map((a, i) => ({
    record: understood(records[i]!),
    level: records[i]!.level,
    category: a.category,
    severity: a.severity,
    templateId: a.templateId,
    template: a.template,
    scores: a.scores,
  }));
}
