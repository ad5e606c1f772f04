/**
 * Translation between the window's editable forms and the contract's `Settings`, which the host
 * stores (Electron: user-data folder, password through the OS keychain; headless host: data folder,
 * no password). A blank password field means "keep the stored one" (the REDACTED placeholder).
 */
import {
  ALERT_LEVELS,
  REDACTED,
  Settings,
  type SettingsInput,
  type SettingsView,
} from '../../../core/contract';
import { kafkaFormFrom, type SettingsState } from '../stores/settings';
import type { Theme } from '../stores/ui';
import { kafkaRequest, type FieldError } from './start-request';

export function toContractSettings(
  state: SettingsState,
  theme: Theme,
): { ok: true; settings: SettingsInput } | { ok: false; errors: FieldError[] } {
  const request = kafkaRequest(state.kafka);
  const kafka = request.source === 'kafka' ? request.kafka : null;
  if (kafka?.sasl && kafka.sasl.password === '') kafka.sasl = { ...kafka.sasl, password: REDACTED };
  const input: SettingsInput = {
    kafka,
    notifications: {
      levels: ALERT_LEVELS.filter((level) => state.notifications.levels[level]),
      quietHours: { ...state.notifications.quietHours },
      doNotDisturb: state.notifications.doNotDisturb,
      maxPerMinute: state.notifications.maxPerMinute,
    },
    thresholds: {
      latencyP99Ms: state.thresholds.decisionLatencyP99Ms,
      errorRate: state.thresholds.errorRatePercent / 100,
    },
    theme,
    rulesDir: state.rulesDir.trim() === '' ? null : state.rulesDir.trim(),
    modelsDir: state.modelsDir.trim() === '' ? null : state.modelsDir.trim(),
    actorName: state.actorName.trim() === '' ? null : state.actorName.trim(),
    ...(state.incidents === null ? {} : { incidents: state.incidents }),
    historyEnabled: state.history.enabled,
    historyMaxAgeHours: state.history.maxAgeHours,
    historyMaxBytes: Math.round(state.history.maxGigabytes * 1024 ** 3),
  };
  const checked = Settings.safeParse(input);
  if (checked.success) return { ok: true, settings: input };
  return {
    ok: false,
    errors: checked.error.issues.map((issue) => ({
      field: issue.path.filter((p) => p !== 'kafka').join('.'),
      message: issue.message,
    })),
  };
}

/** The stored settings as form state; the password is never filled back in. */
export function fromContractSettings(view: SettingsView, state: SettingsState): Partial<SettingsState> {
  const out: Partial<SettingsState> = {
    rulesDir: view.rulesDir ?? '',
    modelsDir: view.modelsDir ?? '',
    actorName: view.actorName ?? '',
    incidents: view.incidents ?? null,
    history: {
      enabled: view.historyEnabled,
      maxAgeHours: view.historyMaxAgeHours,
      maxGigabytes: Number((view.historyMaxBytes / 1024 ** 3).toFixed(3)),
    },
    thresholds: {
      ...state.thresholds,
      decisionLatencyP99Ms: view.thresholds.latencyP99Ms,
      errorRatePercent: view.thresholds.errorRate * 100,
    },
    notifications: {
      levels: Object.fromEntries(
        ALERT_LEVELS.map((l) => [l, view.notifications.levels.includes(l)]),
      ) as SettingsState['notifications']['levels'],
      quietHours: { ...view.notifications.quietHours },
      doNotDisturb: view.notifications.doNotDisturb,
      maxPerMinute: view.notifications.maxPerMinute,
    },
  };
  const kafka = view.kafka;
  if (kafka && !state.startFormsEdited) {
    out.kafka = kafkaFormFrom(kafka, state.kafka.saslMechanism);
  }
  return out;
}
