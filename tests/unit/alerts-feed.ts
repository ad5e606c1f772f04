/**
 * Real log lines through the engine's path to alerts, for the alert unit tests: each line parsed,
 * mined and handed to an alert manager (whose rule engine judges it), one second apart from `T0`,
 * with the same analysis the tests' classifier double gives (a security warning).
 */
import type { AlertManager } from '../../core/alerts/alert-manager';
import { parseText } from '../../core/parse';
import { TemplateMiner } from '../../core/patterns/miner';
import { analysis } from './detect-fixtures';

export const T0 = Date.UTC(2026, 11, 5, 8, 0, 0);

/** Feeds the lines to the manager, one second apart; returns each line's template id. */
export function feedLines(lines: readonly string[], manager: AlertManager, topic = 'syslog'): string[] {
  const miner = new TemplateMiner({ maxTemplates: 1000 });
  return lines.map((line, i) => {
    const now = T0 + i * 1000;
    const outcome = parseText(line, { topic, partition: 0, offset: String(i), timestamp: now });
    if (!outcome.ok) throw new Error(`unparsed: ${line}`);
    const record = outcome.record;
    record.service ??= topic;
    const mined = miner.add(record.message, now);
    const a = analysis({
      templateId: mined.templateId,
      template: mined.template,
      params: mined.params,
      severity: 'warning',
      category: 'security',
    });
    manager.ingestLog(record, a, now);
    return mined.templateId;
  });
}
