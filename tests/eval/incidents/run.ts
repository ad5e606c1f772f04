/**
 * `npm run eval:incidents`: the incident catalogue mixed into calm traffic, through the engine.
 *
 *   npm run eval:incidents -- [--min-recall R] [--max-false-per-hour F] [--max-median-alerts M]
 *                             [--seed N] [--family NAME] [--misses]
 *
 * Prints a row per incident instance (incident × format), recall overall, per family and per
 * format, the median alerts per raised incident, false high/critical alerts per hour of calm
 * traffic, and a JSON summary line; `--misses` also lists every alert each missed instance got. Exits 1 when a figure is past a floor given on the command
 * line, 2 on a usage or catalogue error. See tests/eval/incidents/README.md.
 */
import { CALM_LOGHUB_SYSTEMS, CalmTraffic, DEFAULT_CALM, loadCalmStreams } from './calm';
import { loadCatalogue } from './catalogue';
import { runThroughEngine } from './engine-run';
import { summarise, type InstanceMeta } from './metrics';
import { formatMisses, formatTable, summaryJson } from './report';
import { buildSchedule, DEFAULT_SCHEDULE } from './schedule';

interface Args {
  minRecall: number | null;
  maxFalsePerHour: number | null;
  maxMedianAlerts: number | null;
  seed: number;
  family: string | null;
  misses: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    minRecall: null,
    maxFalsePerHour: null,
    maxMedianAlerts: null,
    seed: DEFAULT_SCHEDULE.seed,
    family: null,
    misses: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--misses') {
      args.misses = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const num = Number(value);
    const needNumber = (): number => {
      if (!Number.isFinite(num)) throw new Error(`${flag} needs a number, got "${value}"`);
      return num;
    };
    if (flag === '--min-recall') args.minRecall = needNumber();
    else if (flag === '--max-false-per-hour') args.maxFalsePerHour = needNumber();
    else if (flag === '--max-median-alerts') args.maxMedianAlerts = needNumber();
    else if (flag === '--seed') args.seed = needNumber();
    else if (flag === '--family') args.family = value;
    else throw new Error(`unknown option ${flag}`);
    i++;
  }
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  let incidents;
  let streams;
  try {
    args = parseArgs(process.argv.slice(2));
    incidents = loadCatalogue().filter((i) => args.family === null || i.family === args.family);
    streams = loadCalmStreams();
    if (incidents.length === 0) throw new Error(`no incident of family ${args.family}`);
  } catch (error) {
    console.error(`[eval:incidents] ${(error as Error).message}`);
    return 2;
  }
  const schedule = { ...DEFAULT_SCHEDULE, seed: args.seed };
  const { instances, endMs } = buildSchedule(incidents, schedule);
  const calm = new CalmTraffic(streams, { ...DEFAULT_CALM, seed: args.seed + 1 });
  const families = new Set(incidents.map((i) => i.family)).size;
  console.log(
    `[eval:incidents] ${incidents.length} incidents of ${families} families, ${instances.length} instances; ` +
      `calm traffic ${DEFAULT_CALM.ratePerSecond} logs/s (${DEFAULT_CALM.loghubShare * 100} % Loghub: ` +
      `${CALM_LOGHUB_SYSTEMS.join(', ')}; the rest ${streams.length} synthetic streams); seed ${args.seed}`,
  );
  const run = await runThroughEngine(instances, calm, schedule.startMs, endMs);
  const metas: InstanceMeta[] = instances.map((i) => ({
    id: i.incident.id,
    family: i.incident.family,
    format: i.format,
    kind: i.incident.kind,
    expect: i.incident.expect,
  }));
  const summary = summarise(metas, run.occurrences, run.durationMs / 3_600_000);
  console.log(formatTable(summary));
  if (args.misses) console.log(formatMisses(summary, run.occurrences));
  console.log(
    `[eval:incidents] ${run.logs} logs over ${(run.durationMs / 3_600_000).toFixed(2)} h of virtual time in ` +
      `${(run.wallMs / 1000).toFixed(1)} s`,
  );
  console.log(summaryJson(summary, { logs: run.logs, seed: args.seed }));

  const failures: string[] = [];
  if (args.minRecall !== null && summary.recall < args.minRecall)
    failures.push(`recall ${summary.recall.toFixed(3)} < ${args.minRecall}`);
  if (args.maxFalsePerHour !== null && summary.falseHighOrCriticalPerHour > args.maxFalsePerHour)
    failures.push(
      `false high/critical per hour ${summary.falseHighOrCriticalPerHour.toFixed(2)} > ${args.maxFalsePerHour}`,
    );
  if (args.maxMedianAlerts !== null && summary.medianAlertsPerIncident > args.maxMedianAlerts)
    failures.push(`median alerts per incident ${summary.medianAlertsPerIncident} > ${args.maxMedianAlerts}`);
  if (failures.length > 0) {
    console.error(`[eval:incidents] FAILED: ${failures.join('; ')}`);
    return 1;
  }
  console.log('[eval:incidents] all floors hold');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[eval:incidents] crashed:', error);
    process.exit(1);
  },
);
