/**
 * Electron main: a thin adapter. It owns the window, the tray and notifications, and hosts the
 * engine in a worker thread (so this event loop stays responsive at full load). Everything the
 * window asks goes through the contract's IPC binding; everything it hears comes in batches.
 */
import { app, type BrowserWindow, ipcMain, Notification, safeStorage, session } from 'electron';
import {
  EVENTS_CHANNEL,
  NAVIGATE_CHANNEL,
  Settings,
  type CommandResponse,
  type EngineStatus,
} from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { startEngineWorker } from '../../core/engine/worker-client';
import { EventForwarder } from './event-forwarder';
import { bindCommands, makeSenderCheck } from './ipc-binding';
import { NotificationAdapter } from './notification-adapter';
import { demoDataDir, engineDataDir, modelsDir, rulePackDir, settingsFile } from './paths';
import { hardenSession } from './security';
import { SettingsStore } from '../../core/settings/settings-store';
import { VigilTray } from './tray';
import { createMainWindow, isOwnUrl } from './window';

let window: BrowserWindow | null = null;
let engine: EngineClient | null = null;
let tray: VigilTray | null = null;
let quitting = false;

// Tests and side-by-side profiles point the app at their own folder.
if (process.env.VIGIL_USER_DATA) app.setPath('userData', process.env.VIGIL_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.whenReady().then(main, (error: unknown) => fatal(error));
}

function showWindow(): void {
  if (!window || window.isDestroyed()) window = createMainWindow();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function fatal(error: unknown): void {
  console.error('[vigil] fatal:', error instanceof Error ? error.message : error);
  app.exit(1);
}

async function main(): Promise<void> {
  hardenSession(session.defaultSession);
  const settings = new SettingsStore(settingsFile(), {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  });
  const notifications = new NotificationAdapter(settings.view().notifications);
  engine = await startEngineWorker({
    dataDir: engineDataDir(),
    modelsDir: modelsDir(),
    demoDataDir: demoDataDir(),
    rulePackDir: rulePackDir(),
    rulesDir: settings.view().rulesDir,
  });
  const client = engine;
  window = createMainWindow();

  bindCommands({
    ipcMain,
    engine: client,
    isTrustedSender: makeSenderCheck(
      () => (window && !window.isDestroyed() ? window.webContents.id : null),
      isOwnUrl,
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
      if (event.type === 'notify') notify(notifications, event.alerts);
    }
  });
  const refreshOpenAlerts = async (): Promise<void> => {
    const { alerts } = await client.call('alerts:list', { status: ['open'] });
    openAlerts = alerts.length;
  };
  setInterval(() => void refreshOpenAlerts().catch(() => undefined), 5000).unref();

  tray = new VigilTray({
    open: showWindow,
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

function notify(adapter: NotificationAdapter, alerts: Parameters<NotificationAdapter['decide']>[0]): void {
  if (!Notification.isSupported()) return;
  const decision = adapter.decide(alerts, new Date());
  if (!decision) return;
  const n = new Notification({ title: decision.title, body: decision.body, urgency: decision.urgency });
  n.on('click', () => {
    showWindow();
    window?.webContents.send(NAVIGATE_CHANNEL, { view: 'alerts', alertId: decision.alertId });
  });
  n.show();
}

// Clean shutdown: stop consuming, finish the in-flight batch, commit offsets, flush alert history.
app.on('before-quit', (event) => {
  if (quitting || !engine) return;
  event.preventDefault();
  quitting = true;
  const closing = engine;
  engine = null;
  closing
    .close()
    .catch((error: Error) => console.error(`[vigil] engine shutdown failed: ${error.message}`))
    .finally(() => {
      tray?.destroy();
      app.exit(0);
    });
});

app.on('window-all-closed', () => {
  // The engine keeps watching from the tray; quitting is explicit.
});
