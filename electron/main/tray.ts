/**
 * The tray icon: its colour shows health (green, amber, red, grey when stopped) and its tooltip the
 * number of open alerts; its menu starts and stops processing and opens the window.
 * Icons are drawn in code (a filled circle) so there are no image assets to ship or keep in sync.
 */
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { HealthStatus } from '../../core/contract';

const COLOURS: Record<HealthStatus | 'stopped', [number, number, number]> = {
  healthy: [46, 160, 67],
  degraded: [219, 154, 4],
  unhealthy: [218, 54, 51],
  stopped: [128, 128, 128],
};

function circleIcon([r, g, b]: [number, number, number], size = 16): NativeImage {
  const pixels = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - c) ** 2 + (y - c) ** 2 <= (size / 2 - 1) ** 2;
      const i = (y * size + x) * 4;
      // BGRA, as createFromBitmap expects.
      pixels[i] = b;
      pixels[i + 1] = g;
      pixels[i + 2] = r;
      pixels[i + 3] = inside ? 255 : 0;
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: size, height: size });
}

export interface TrayActions {
  start(): void;
  stop(): void;
  open(): void;
  quit(): void;
}

export class VigilTray {
  private readonly tray: Tray;
  private state: HealthStatus | 'stopped' = 'stopped';
  private openAlerts = 0;
  private running = false;
  private notice: string | null = null;

  constructor(private readonly actions: TrayActions) {
    this.tray = new Tray(circleIcon(COLOURS.stopped));
    this.tray.on('click', () => actions.open());
    this.render();
  }

  update(running: boolean, health: HealthStatus, openAlerts: number): void {
    const state = running ? health : 'stopped';
    if (state === this.state && openAlerts === this.openAlerts && running === this.running) return;
    const iconChanged = state !== this.state;
    this.state = state;
    this.openAlerts = openAlerts;
    this.running = running;
    if (iconChanged) this.tray.setImage(circleIcon(COLOURS[state]));
    this.render();
  }

  /** A problem the user should know about (e.g. notifications the OS refuses), shown in the menu. */
  setNotice(notice: string | null): void {
    if (notice === this.notice) return;
    this.notice = notice;
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const status = this.running ? this.state : 'stopped';
    this.tray.setToolTip(
      `Vigil — ${status}, ${this.openAlerts} open alert${this.openAlerts === 1 ? '' : 's'}`,
    );
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `Status: ${status}`, enabled: false },
        { label: `Open alerts: ${this.openAlerts}`, enabled: false },
        ...(this.notice ? [{ label: this.notice.slice(0, 100), enabled: false }] : []),
        { type: 'separator' },
        { label: 'Open Vigil', click: () => this.actions.open() },
        this.running
          ? { label: 'Stop processing', click: () => this.actions.stop() }
          : { label: 'Start processing', click: () => this.actions.start() },
        { type: 'separator' },
        { label: 'Quit', click: () => this.actions.quit() },
      ]),
    );
  }
}
