/**
 * Detector cost per log, side by side in one run: `Detectors.observe` with the numeric signals
 * off and on, over the Loghub samples of 16 systems (32,000 lines, mined once beforehand; every
 * fourth line given JSON-style fields with a duration and an HTTP status, as access and
 * application logs carry them), at 1,000 logs/s of detector time (the clock runs on across rounds). Alternating rounds, CPU time
 * per log, so the load of a shared machine hits both sides alike.
 *
 * Run: `npm run bench -- detectors` or `npx tsx tests/bench/detectors.ts`.
 */
import type { Analysis, LogRecord } from '../../core/contract';
import { Detectors } from '../../core/detect/detectors';
import { TemplateMiner } from '../../core/patterns/miner';
import { allRawLines } from '../fixtures/loghub';

const ROUNDS = 6;
const PASSES_PER_ROUND = 5;

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function corpus(): Array<{ record: LogRecord; analysis: Analysis }> {
  const miners = new Map<string, TemplateMiner>();
  const lines = allRawLines();
  // A first pass lets the templates settle, so each template id keeps one text in the corpus (as
  // in a live stream, where a template's text only generalizes and then stays).
  for (const { system, line } of lines) {
    let miner = miners.get(system);
    if (miner === undefined) miners.set(system, (miner = new TemplateMiner({ maxTemplates: 10_000 })));
    miner.add(line, 0);
  }
  return lines.map(({ system, line }, i) => {
    const m = miners.get(system)!.add(line, 0);
    const fields: LogRecord['fields'] =
      i % 4 === 0 ? { duration_ms: 20 + (i % 97), status: i % 50 === 0 ? 503 : 200, ts: 'x', msg: 'y' } : {};
    return {
      record: {
        time: 0,
        topic: 'logs',
        partition: 0,
        offset: String(i),
        service: system,
        host: null,
        level: null,
        message: line,
        fields,
        format: i % 4 === 0 ? 'json' : 'plain',
      },
      analysis: {
        templateId: m.templateId,
        template: m.template,
        params: m.params,
        severity: 'info',
        category: 'normal',
        scores: { severity: {}, category: {} },
        classifiedBy: 'rules',
      },
    };
  });
}

/** CPU µs per log of `passes` passes over the corpus, continuing the detector's clock. */
function run(
  detectors: Detectors,
  logs: ReturnType<typeof corpus>,
  clock: { t: number },
  passes: number,
): number {
  const start = cpuUs();
  let n = 0;
  for (let p = 0; p < passes; p++) {
    for (const { record, analysis } of logs) {
      clock.t += 1;
      record.time = clock.t;
      detectors.observe(record, analysis, clock.t);
      n++;
    }
  }
  return (cpuUs() - start) / n;
}

export function benchDetectors(): Record<string, number | string> {
  const logs = corpus();
  const off = new Detectors({ numeric: { enabled: false } });
  const on = new Detectors();
  const clocks = { off: { t: 0 }, on: { t: 0 } };
  run(off, logs, clocks.off, 2); // warm-up (JIT, plans, baselines)
  run(on, logs, clocks.on, 2);
  const offUs: number[] = [];
  const onUs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    offUs.push(run(off, logs, clocks.off, PASSES_PER_ROUND));
    onUs.push(run(on, logs, clocks.on, PASSES_PER_ROUND));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const offMedian = median(offUs);
  const onMedian = median(onUs);
  const s = on.stats().numeric;
  return {
    bench: 'detectors',
    logs: logs.length * PASSES_PER_ROUND * ROUNDS,
    numericOffCpuUsPerLog: Number(offMedian.toFixed(3)),
    numericOnCpuUsPerLog: Number(onMedian.toFixed(3)),
    numericAddedCpuUsPerLog: Number((onMedian - offMedian).toFixed(3)),
    numericOnLogsPerCpuSecond: Math.round(1e6 / onMedian),
    plans: s.plans,
    latencyKeys: s.latencyKeys,
    statusKeys: s.statusKeys,
  };
}

if (require.main === module) console.log(JSON.stringify(benchDetectors()));
