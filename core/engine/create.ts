/**
 * Builds an engine with its real parts (Kafka or demo source, ONNX models from `modelsDir`) and
 * returns it behind the `EngineClient` interface, in-process. `startEngineWorker` runs the same
 * thing in a worker thread.
 */
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  IncidentSettings,
  StartRequest,
} from '../contract';
import { DEFAULT_HISTORY, HistoryWriter, historyOptions, type HistorySettings } from '../history';
import { DemoSource } from '../ingest/demo-source';
import { KafkaLogSource } from '../ingest/kafka-source';
import type { LogSource } from '../ingest/source';
import { defaultModelsDir } from '../paths';
import { loadRuleSet } from '../rules';
import type { EngineClient } from './client';
import type { ContextReaderFactory } from './context-reader';
import { resolveActor } from '../alerts/actor';
import { dispatch } from './dispatch';
import { Engine, type EngineOptions } from './engine';
import { KafkaContextReader } from './kafka-context-reader';
import { EngineExperiments } from './experiments';
import { openModelPort } from './model-port-impl';
import type { EngineWorkerOptions } from './worker-protocol';

export interface CreateEngineOptions {
  dataDir: string;
  modelsDir?: string;
  /** The demo source's bundled samples; defaults to core/ingest/demo-data (packaged apps pass theirs). */
  demoDataDir?: string;
  /** The user's own models folder (Settings `modelsDir`), listed beside the shipped models for experiments. */
  userModelsDir?: string | null;
  /** The user's own rules folder (Settings `rulesDir`, `--rules DIR`); its rules override shipped ones by id. */
  rulesDir?: string | null;
  /** The shipped rule pack; defaults to core/rules/pack (VIGIL_RULE_PACK_DIR overrides; packaged apps pass theirs). */
  rulePackDir?: string;
  /** Settings `actorName`: who acts, recorded in audit trails (null: the OS user name). */
  actorName?: string | null;
  /** Settings `incidents`: how alerts are grouped into incidents. */
  incidents?: Partial<IncidentSettings>;
  /** The local history of analyzed logs (DuckDB in `dataDir/history`); on with 24 h and 2 GB by default. */
  history?: HistorySettings;
  /** Overrides for tests and benchmarks (e.g. a fake clock, a shorter tick). */
  engine?: Partial<Omit<EngineOptions, 'dataDir' | 'models'>>;
}

/** Opens the history, or says why it is off; a failure to open never stops the engine. */
async function openHistory(
  dataDir: string,
  settings: HistorySettings,
): Promise<Pick<EngineOptions, 'history' | 'historyOff'>> {
  if (!settings.enabled)
    return { history: null, historyOff: { reason: 'the history is off (Settings)', failed: false } };
  try {
    return { history: await HistoryWriter.open(historyOptions(dataDir, settings)) };
  } catch (error) {
    const reason = `history unavailable: ${(error as Error).message.slice(0, 300)}`;
    console.error(`vigil: ${reason}`);
    return { history: null, historyOff: { reason, failed: true } };
  }
}

export function sourceFactory(demoDataDir?: string): (request: StartRequest) => LogSource {
  return (request) =>
    request.source === 'kafka'
      ? new KafkaLogSource(request.kafka)
      : new DemoSource(request.demo, demoDataDir === undefined ? {} : { dataDir: demoDataDir });
}

/** Alert context and time travel read the broker of the last Kafka start (none for the demo source). */
export const kafkaContextReaders: ContextReaderFactory = (config, analyze) =>
  config?.source === 'kafka' ? new KafkaContextReader(config.kafka, analyze) : null;

/** What an analyzer's other engine threads are built with: this engine's own parts (clone-safe). */
function workerOptionsOf(options: CreateEngineOptions): EngineWorkerOptions {
  const { dataDir, modelsDir, demoDataDir, rulesDir, userModelsDir, rulePackDir, actorName } = options;
  return {
    dataDir,
    ...(modelsDir === undefined ? {} : { modelsDir }),
    ...(demoDataDir === undefined ? {} : { demoDataDir }),
    ...(rulesDir === undefined ? {} : { rulesDir }),
    ...(userModelsDir === undefined ? {} : { userModelsDir }),
    ...(rulePackDir === undefined ? {} : { rulePackDir }),
    ...(actorName === undefined ? {} : { actorName }),
  };
}

export async function createEngine(options: CreateEngineOptions): Promise<EngineClient & { engine: Engine }> {
  const modelsDir = options.modelsDir ?? defaultModelsDir();
  const models = await openModelPort(modelsDir);
  const rules = loadRuleSet({
    ...(options.rulePackDir === undefined ? {} : { packDir: options.rulePackDir }),
    userDir: options.rulesDir ?? null,
  });
  for (const r of rules.status.refused)
    console.error(`vigil: ${r.source} rule ${r.ruleId ?? '(file)'} in ${r.file} refused: ${r.reason}`);
  const engine = await Engine.open({
    createSource: sourceFactory(options.demoDataDir),
    createContextReader: kafkaContextReaders,
    rules,
    actorName: options.actorName ?? null,
    ...(options.incidents === undefined ? {} : { incidents: options.incidents }),
    ...(await openHistory(options.dataDir, options.history ?? DEFAULT_HISTORY)),
    workerOptions: workerOptionsOf(options), // issue 19 item 3: an analyzer's other threads
    ...options.engine,
    dataDir: options.dataDir,
    models,
    experiments: new EngineExperiments(
      modelsDir,
      options.userModelsDir ?? null,
      models,
      options.engine?.now ?? Date.now,
      () => resolveActor(options.actorName),
    ),
  });
  return {
    engine,
    call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
      return dispatch(engine, name, request) as Promise<CommandResponse<C>>;
    },
    onEvents: (listener) => engine.onEvents(listener),
    close: () => engine.close(),
  };
}
