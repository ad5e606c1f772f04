/**
 * The window's one `VigilApi` and the two things everything else does with it: run a command (with
 * failures surfaced as a toast, never swallowed) and resync the stores from scratch, which happens
 * on every (re)connect and whenever event batches were missed.
 */
import type { CommandName, CommandRequest, CommandResponse, VigilApi } from '../../../core/contract';
import { ALERTS_CAP, replaceAlerts, useAlertsStore } from '../stores/alerts';
import { INCIDENTS_CAP, replaceIncidents, useIncidentsStore } from '../stores/incidents';
import { applyModels } from '../stores/models';
import { PATTERNS_CAP, replacePatterns, usePatternsStore } from '../stores/patterns';
import { adoptRunningConfig, useSettingsStore } from '../stores/settings';
import { applyStatus } from '../stores/status';
import { showError, useUiStore } from '../stores/ui';
import { fromContractSettings } from '../lib/settings-sync';
import { toCommandFailure, type CommandFailure } from './command-failure';

let current: VigilApi | null = null;

export function setApi(api: VigilApi | null): void {
  current = api;
}

/** Human title for a failed command, e.g. "engine:start failed". */
function failureTitle(name: CommandName): string {
  return `${name} failed`;
}

/**
 * Runs a command. Resolves with the response, or with null after showing why it failed (so callers
 * only handle the success path; the user always sees the failure).
 */
export async function runCommand<C extends CommandName>(
  name: C,
  request: CommandRequest<C>,
): Promise<CommandResponse<C> | null> {
  if (current === null) {
    showError(failureTitle(name), 'Not connected to the engine.');
    return null;
  }
  try {
    return await current.call(name, request);
  } catch (error) {
    const failure = toCommandFailure(error, name);
    showError(failureTitle(name), describeFailure(failure));
    return null;
  }
}

export function describeFailure(failure: CommandFailure): string {
  return failure.code === 'transport' ? failure.message : `${failure.message} (${failure.code})`;
}

const RESYNC_COMMANDS = [
  'engine:status',
  'alerts:list',
  'patterns:list',
  'models:status',
  'settings:get',
  'incidents:list',
] as const;

async function resyncOnce(api: VigilApi): Promise<void> {
  const [status, alerts, patterns, models, settings, incidents] = await Promise.allSettled([
    api.call('engine:status', {}),
    api.call('alerts:list', { limit: ALERTS_CAP }),
    api.call('patterns:list', { limit: PATTERNS_CAP }),
    api.call('models:status', {}),
    api.call('settings:get', {}),
    api.call('incidents:list', { limit: INCIDENTS_CAP }),
  ]);
  // Stored settings first: a running engine's configuration (below) is more current than them.
  if (settings.status === 'fulfilled') {
    const stored = settings.value;
    useSettingsStore.setState((state) => fromContractSettings(stored, state));
    if (stored.theme !== 'system') useUiStore.setState({ theme: stored.theme });
  }
  if (status.status === 'fulfilled') {
    applyStatus(status.value, null);
    useSettingsStore.setState((state) => adoptRunningConfig(state, status.value));
  }
  if (alerts.status === 'fulfilled') useAlertsStore.setState(replaceAlerts(alerts.value.alerts));
  if (patterns.status === 'fulfilled') usePatternsStore.setState(replacePatterns(patterns.value.patterns));
  if (models.status === 'fulfilled') applyModels(models.value);
  if (incidents.status === 'fulfilled')
    useIncidentsStore.setState(replaceIncidents(incidents.value.incidents));

  const failures = [status, alerts, patterns, models, settings, incidents].flatMap((result, index) => {
    if (result.status === 'fulfilled') return [];
    const name = RESYNC_COMMANDS[index] ?? 'resync';
    return [`${name}: ${describeFailure(toCommandFailure(result.reason, name))}`];
  });
  if (failures.length > 0) showError('Could not load the current state', failures.join('\n'));
}

/**
 * A resync that coalesces: requests made while one is running cause exactly one more run after it,
 * so a burst of missed-batch signals costs at most two round trips.
 */
export function createResync(): () => void {
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    const api = current;
    if (api === null) return;
    running = true;
    try {
      do {
        again = false;
        await resyncOnce(api);
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void run();
}
