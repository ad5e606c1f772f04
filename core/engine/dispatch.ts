/**
 * Turns a named command and an untrusted request into an engine call. Every request is validated
 * against the contract's schema here, whichever host it came through.
 */
import {
  commands,
  isCommandName,
  isHostCommand,
  type CommandName,
  type ExperimentAction,
  type ExperimentCreate,
  type VerdictRequest,
} from '../contract';
import type { Engine } from './engine';
import { EngineError } from './errors';
import type { EngineExperiments } from './experiments';
import { historyCommand, type HistoryCommandName } from './history-commands';

export async function dispatch(engine: Engine, name: string, request: unknown): Promise<unknown> {
  if (!isCommandName(name))
    throw new EngineError('unknown_command', `unknown command "${name.slice(0, 64)}"`);
  if (isHostCommand(name))
    throw new EngineError('unknown_command', `"${name}" is answered by the host, not the engine`);
  const parsed = commands[name].request.safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'request';
    throw new EngineError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return run(engine, name, parsed.data);
}

async function run(
  engine: Engine,
  name: Exclude<CommandName, 'settings:get' | 'settings:set'>,
  data: unknown,
): Promise<unknown> {
  // `data` has been parsed by `commands[name].request`, so each cast below names its own schema's type.
  switch (name) {
    case 'engine:start':
      return engine.start(data as Parameters<Engine['start']>[0]);
    case 'engine:stop':
      return engine.stop();
    case 'engine:status':
      return engine.status();
    case 'analyze':
      return {
        results: await engine.analyzeLogs((data as { logs: Array<string | Record<string, unknown>> }).logs),
      };
    case 'alerts:list':
      return { alerts: engine.listAlerts(data as Parameters<Engine['listAlerts']>[0]) };
    case 'alerts:act':
      return engine.actOnAlert(data as Parameters<Engine['actOnAlert']>[0]);
    case 'patterns:list':
      return engine.listPatterns(data as Parameters<Engine['listPatterns']>[0]);
    case 'models:status':
      return engine.modelAction('status');
    case 'models:shadow':
      return engine.modelAction({ shadow: (data as { id: string }).id });
    case 'models:promote':
      return engine.modelAction('promote');
    case 'models:discard':
      return engine.modelAction('discard');
    case 'alerts:context':
      return engine.alertContext(data as Parameters<Engine['alertContext']>[0]);
    case 'topics:messages':
      return engine.topicMessages(data as Parameters<Engine['topicMessages']>[0]);
    case 'models:list':
      return experimentsOf(engine).listModels();
    case 'experiments:create':
      return experimentsOf(engine).create(data as ExperimentCreate);
    case 'experiments:get':
      return experimentsOf(engine).get((data as { id: string }).id);
    case 'experiments:list':
      return { experiments: experimentsOf(engine).list() };
    case 'experiments:act':
      return experimentsOf(engine).act(data as ExperimentAction);
    case 'alerts:verdict':
      return engine.actOnAlert(data as VerdictRequest);
    case 'incidents:list':
      return { incidents: engine.listIncidents(data as Parameters<Engine['listIncidents']>[0]) };
    case 'incidents:get':
      return engine.incidentDetail((data as { id: string }).id);
    case 'incidents:act':
      return engine.actOnIncident(data as Parameters<Engine['actOnIncident']>[0]);
    case 'logs:query':
    case 'logs:histogram':
    case 'history:status':
      return historyCommand(engine, name satisfies HistoryCommandName, data);
    case 'fleet:status':
      return engine.fleetStatus();
    case 'patterns:alerts':
      return engine.patternAlerts(data as Parameters<Engine['patternAlerts']>[0]);
  }
}

function experimentsOf(engine: Engine): EngineExperiments {
  if (engine.experiments === undefined)
    throw new EngineError('unavailable', 'this engine runs without a models folder: no experiments');
  return engine.experiments;
}
