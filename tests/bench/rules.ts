/**
 * Cost of the rule pack (and of the Sigma rules) in the alert decision, side by side in one run: `AlertRules`
 * without the rule engine (the built-in fallbacks alone, as before rule packs) and with the whole
 * shipped pack, over the same analyzed logs: the raw lines of all 16 Loghub samples (32,000) plus
 * every example line of the pack (so rules fire, thresholds count and captures run).
 *
 * The calm figures repeat the measurement on the 14 Loghub samples without attacks (28,000 lines,
 * few rule hits): the cost of the pack on everyday traffic, mostly one cached lookup per log.
 *
 * Parsing and mining happen once, before timing: the figures are the decision step alone, per log,
 * which is what rule packs add to the pipeline. Rounds alternate (without, with, without, with, ...)
 * so that drift of a shared machine does not favour either side; each side reports its best round.
 *
 * Run: `npm run bench -- rules` or `npx tsx tests/bench/rules.ts` (prints one JSON line).
 */
import type { Analysis, LogRecord, Severity } from '../../core/contract';
import { AlertRules } from '../../core/alerts/rules';
import { parseText } from '../../core/parse';
import { TemplateMiner } from '../../core/patterns/miner';
import { loadRuleSet, RuleEngine } from '../../core/rules';
import { allRawLines } from '../fixtures/loghub';

const ROUNDS = 6;
const MIN_ROUND_MS = 700;

function severity(level: LogRecord['level']): Severity {
  if (level === 'error' || level === 'fatal') return 'error';
  return level === 'warn' ? 'warning' : 'info';
}

interface Analyzed {
  record: LogRecord;
  analysis: Analysis;
  /** Not one of the Loghub samples recording attacks (Linux, OpenSSH), nor a pack example. */
  calm: boolean;
}

function corpus(examples: readonly string[]): Analyzed[] {
  const miner = new TemplateMiner();
  const out: Analyzed[] = [];
  const lines = [
    ...allRawLines().map((l) => ({ line: l.line, calm: l.system !== 'Linux' && l.system !== 'OpenSSH' })),
    ...examples.map((line) => ({ line, calm: false })),
  ];
  lines.forEach(({ line, calm }, i) => {
    const parsed = parseText(line, { topic: 'bench', partition: 0, offset: String(i), timestamp: 0 });
    if (!parsed.ok) return;
    const m = miner.add(parsed.record.message, 0);
    out.push({
      record: parsed.record,
      analysis: {
        templateId: m.templateId,
        template: m.template,
        params: m.params,
        severity: severity(parsed.record.level),
        category: 'normal',
        scores: { severity: {}, category: {} },
        classifiedBy: 'rules',
      },
      calm,
    });
  });
  return out;
}

/** One round: passes over the corpus until MIN_ROUND_MS; ns per decision. */
function round(
  rules: AlertRules,
  logs: ReadonlyArray<{ record: LogRecord; analysis: Analysis }>,
  t0: number,
): number {
  let n = 0;
  let now = t0;
  const start = process.hrtime.bigint();
  let ms = 0;
  while (ms < MIN_ROUND_MS) {
    for (const { record, analysis } of logs) rules.evaluateLog(record, analysis, (now += 1));
    n += logs.length;
    ms = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (ms * 1e6) / n;
}

// eslint-disable-next-line @typescript-eslint/require-await -- async by the bench runner's contract
export async function benchRules(): Promise<Record<string, number | string | boolean>> {
  const set = loadRuleSet();
  const examples = set.loaded.flatMap((r) => [...r.spec.examples.match, ...r.spec.examples.nomatch]);
  const logs = corpus(examples);
  const engine = new RuleEngine(set.rules);
  const withPack = new AlertRules({}, engine);
  const withSigma = new AlertRules({}, new RuleEngine(set.rules, { perLog: set.perLog }));
  const without = new AlertRules();
  const calm = logs.filter((l) => l.calm);
  const best = {
    without: Infinity,
    withPack: Infinity,
    withSigma: Infinity,
    calmWithout: Infinity,
    calmWithPack: Infinity,
    calmWithSigma: Infinity,
  };
  for (let i = 0; i < ROUNDS; i++) {
    best.without = Math.min(best.without, round(without, logs, i * 1e9));
    best.withPack = Math.min(best.withPack, round(withPack, logs, i * 1e9));
    best.withSigma = Math.min(best.withSigma, round(withSigma, logs, i * 1e9));
    best.calmWithout = Math.min(best.calmWithout, round(without, calm, i * 1e9));
    best.calmWithPack = Math.min(best.calmWithPack, round(withPack, calm, i * 1e9));
    best.calmWithSigma = Math.min(best.calmWithSigma, round(withSigma, calm, i * 1e9));
  }
  const fired = logs.filter(
    ({ record, analysis }) => engine.evaluate(record, analysis.template, 0) !== null,
  ).length;
  return {
    bench: 'rule-decision',
    logs: logs.length,
    rules: set.rules.length,
    logsRecognisedByRules: fired,
    nsPerLogWithout: Math.round(best.without),
    nsPerLogWithPack: Math.round(best.withPack),
    addedNsPerLog: Math.round(best.withPack - best.without),
    sigmaRules: set.sigma.length,
    nsPerLogWithPackAndSigma: Math.round(best.withSigma),
    addedNsPerLogBySigma: Math.round(best.withSigma - best.withPack),
    calmLogs: calm.length,
    calmNsPerLogWithout: Math.round(best.calmWithout),
    calmNsPerLogWithPack: Math.round(best.calmWithPack),
    calmNsPerLogWithPackAndSigma: Math.round(best.calmWithSigma),
    decisionsPerSecondWithPack: Math.round(1e9 / best.withPack),
    templateCacheHitRate: Number(
      (engine.cacheHits / Math.max(1, engine.cacheHits + engine.cacheMisses)).toFixed(4),
    ),
  };
}

if (require.main === module) {
  void benchRules().then((figures) => console.log(JSON.stringify(figures)));
}
