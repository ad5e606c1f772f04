/**
 * Electron main: a thin adapter. It owns the window, the tray and notifications; the engine runs in
 * a supervised utility process (engine-process.ts), so neither its load nor a native crash in it
 * reaches this event loop. Everything the
 * window asks goes through the contract's IPC binding; everything it hears comes in batches.
 * The start-up and shut-down order lives in lifecycle.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  app,
  type BrowserWindow,
  dialog,
  ipcMain,
  MessageChannelMain,
  Notification,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import {
  EVENTS_CHANNEL,
  NAVIGATE_CHANNEL,
  Settings,
  type CommandResponse,
  type EngineStatus,
} from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { APP_ID } from './app-id';
import { startEngineProcess } from './engine-process';
import { EventForwarder } from './event-forwarder';
import { reportFatal } from './fatal';
import { HostHealth, withHostHealth } from './host-health';
import { bindCommands, makeSenderCheck } from './ipc-binding';
import { ENGINE_CLOSE_TIMEOUT_MS, runLifecycle } from './lifecycle';
import { sendWhenLoaded } from './navigate';
import { NotificationAdapter } from './notification-adapter';
import { Notifier } from './notifier';
import { demoDataDir, engineDataDir, modelsDir, rulePackDir, settingsFile } from './paths';
import { hardenSession } from './security';
import { SettingsStore } from '../../core/settings/settings-store';
import { VigilTray } from './tray';
import { createMainWindow, devServerUrl, isOwnUrl } from './window';

let window: BrowserWindow | null = null;
let engine: EngineClient | null = null;
let tray: VigilTray | null = null;

// Tests and side-by-side profiles point the app at their own folder.
if (process.env.VIGIL_USER_DATA) app.setPath('userData', process.env.VIGIL_USER_DATA);

runLifecycle(
  app,
  {
    main,
    showWindow: () => void showWindow(),
    fatal: (error) =>
      reportFatal(error, {
        showMessageBox: (options) => dialog.showMessageBox(options),
        openPath: (path) => shell.openPath(path),
        logsDir: app.getPath('logs'),
        writeLog: (file, text) => {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text, { flag: 'a' });
        },
        exit: (code) => app.exit(code),
      }),
    closeEngine: () => {
      const closing = engine;
      engine = null;
      return closing ? closing.close() : null;
    },
    beforeExit: () => tray?.destroy(),
  },
  { platform: process.platform, appId: APP_ID, closeTimeoutMs: ENGINE_CLOSE_TIMEOUT_MS },
);

/** Shows and focuses the window, creating it if needed; true when it was just created. */
function showWindow(): boolean {
  let created = false;
  if (!window || window.isDestroyed()) {
    window = createMainWindow();
    created = true;
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  return created;
}

async function main(): Promise<void> {
  hardenSession(session.defaultSession, devServerUrl());
  const settings = new SettingsStore(settingsFile(), {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  });
  const notifications = new NotificationAdapter(settings.view().notifications);
  const hostHealth = new HostHealth();
  const notifier = new Notifier(
    (options) => new Notification(options),
    (alertId) => {
      const created = showWindow();
      if (window) sendWhenLoaded(window.webContents, NAVIGATE_CHANNEL, { view: 'alerts', alertId }, created);
    },
    (failures) => {
      const reason = `desktop notifications failing (${failures.count}): ${failures.last ?? 'unknown'}`;
      hostHealth.set('notifications', reason);
      tray?.setNotice(`Notifications failing (${failures.count}): ${failures.last ?? ''}`);
    },
  );
  engine = await startEngineProcess(
    (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
    () => new MessageChannelMain(),
    {
      dataDir: engineDataDir(),
      modelsDir: modelsDir(),
      demoDataDir: demoDataDir(),
      rulePackDir: rulePackDir(),
      rulesDir: settings.view().rulesDir,
      userModelsDir: settings.view().modelsDir,
      actorName: settings.view().actorName,
      incidents: settings.view().incidents,
      history: {
        enabled: settings.view().historyEnabled,
        maxAgeHours: settings.view().historyMaxAgeHours,
        maxBytes: settings.view().historyMaxBytes,
      },
    },
    (detail) => tray?.setNotice(`Engine restarted after a crash: ${detail.slice(0, 80)}`),
  );
  // What the window and the tray see: the engine, with the host's own problems in its health.
  const client = withHostHealth(engine, hostHealth);
  window = createMainWindow();

  bindCommands({
    ipcMain,
    engine: client,
    isTrustedSender: makeSenderCheck(
      () => (window && !window.isDestroyed() ? window.webContents.id : null),
      (url) => isOwnUrl(url),
    ),
    onRejected: (channel, reason) => console.warn(`[ipc] refused ${channel}: ${reason}`),
    host: (name, request): Promise<CommandResponse<'settings:get'>> => {
      if (name === 'settings:get') return Promise.resolve(settings.view());
      const view = settings.save(Settings.parse(request));
      notifications.update(view.notifications);
      return Promise.resolve(view);
    },
  });

  const forwarder = new EventForwarder((batch) => {
    if (window && !window.isDestroyed()) window.webContents.send(EVENTS_CHANNEL, batch);
  });
  let openAlerts = 0;
  client.onEvents((batch) => {
    forwarder.push(batch);
    for (const event of batch.events) {
      if (event.type === 'status') updateTray(event.status, openAlerts);
      if (event.type === 'notify' && Notification.isSupported()) {
        const decision = notifications.decide(event.alerts, new Date());
        if (decision) notifier.show(decision);
      }
    }
  });
  const refreshOpenAlerts = async (): Promise<void> => {
    const { alerts } = await client.call('alerts:list', { status: ['open'] });
    openAlerts = alerts.length;
  };
  setInterval(() => void refreshOpenAlerts().catch(() => undefined), 5000).unref();

  tray = new VigilTray({
    open: () => void showWindow(),
    start: () => {
      const kafka = settings.withSecrets().kafka;
      const request = kafka
        ? { source: 'kafka' as const, kafka }
        : { source: 'demo' as const, demo: { rate: 200, incidents: true } };
      client
        .call('engine:start', request)
        .catch((error: Error) => console.error(`[vigil] start failed: ${error.message}`));
    },
    stop: () => void client.call('engine:stop', {}).catch(() => undefined),
    quit: () => app.quit(),
  });
}

function updateTray(status: EngineStatus, openAlerts: number): void {
  tray?.update(status.running, status.health.status, openAlerts);
}
