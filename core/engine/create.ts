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
import { DemoSource } from '../ingest/demo-source';
import { KafkaLogSource } from '../ingest/kafka-source';
import type { LogSource } from '../ingest/source';
import { defaultModelsDir } from '../paths';
import { loadRuleSet } from '../rules';
import type { EngineClient } from './client';
import { dispatch } from './dispatch';
import { Engine, type EngineOptions } from './engine';
import { openModelPort } from './model-port-impl';

export interface CreateEngineOptions {
  dataDir: string;
  modelsDir?: string;
  /** The demo source's bundled samples; defaults to core/ingest/demo-data (packaged apps pass theirs). */
  demoDataDir?: string;
  /** The user's own rules folder (Settings `rulesDir`, `--rules DIR`); its rules override shipped ones by id. */
  rulesDir?: string | null;
  /** The shipped rule pack; defaults to core/rules/pack (VIGIL_RULE_PACK_DIR overrides; packaged apps pass theirs). */
  rulePackDir?: string;
  /** Settings `actorName`: who acts, recorded in audit trails (null: the OS user name). */
  actorName?: string | null;
  /** Settings `incidents`: how alerts are grouped into incidents. */
  incidents?: Partial<IncidentSettings>;
  /** Overrides for tests and benchmarks (e.g. a fake clock, a shorter tick). */
  engine?: Partial<Omit<EngineOptions, 'dataDir' | 'models'>>;
}

export function sourceFactory(demoDataDir?: string): (request: StartRequest) => LogSource {
  return (request) =>
    request.source === 'kafka'
      ? new KafkaLogSource(request.kafka)
      : new DemoSource(request.demo, demoDataDir === undefined ? {} : { dataDir: demoDataDir });
}

export async function createEngine(options: CreateEngineOptions): Promise<EngineClient & { engine: Engine }> {
  const models = await openModelPort(options.modelsDir ?? defaultModelsDir());
  const rules = loadRuleSet({
    ...(options.rulePackDir === undefined ? {} : { packDir: options.rulePackDir }),
    userDir: options.rulesDir ?? null,
  });
  for (const r of rules.status.refused)
    console.error(`vigil: ${r.source} rule ${r.ruleId ?? '(file)'} in ${r.file} refused: ${r.reason}`);
  const engine = await Engine.open({
    createSource: sourceFactory(options.demoDataDir),
    rules,
    actorName: options.actorName ?? null,
    ...(options.incidents === undefined ? {} : { incidents: options.incidents }),
    ...options.engine,
    dataDir: options.dataDir,
    models,
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
