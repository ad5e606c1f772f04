/**
 * Finding and starting the real desktop app for the smoke tests: the development build (`out/`,
 * run by the electron binary from node_modules) or an unpacked installer build
 * (`npm run dist -- --dir` → dist/<platform>-unpacked). Each finder returns a reason instead of a
 * path where the binary or a display is missing, so the tests report themselves skipped with it.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../../..');

export type Found = { path: string; reason: '' } | { path: null; reason: string };

function needsDisplay(): string {
  if (process.platform !== 'linux') return '';
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY
    ? ''
    : 'no display (set DISPLAY, or run under xvfb-run -a)';
}

/** node_modules/electron's own record of its binary (requiring it would start a download). */
export function electronBinary(): Found {
  const pkg = join(ROOT, 'node_modules/electron');
  const record = join(pkg, 'path.txt');
  if (!existsSync(record)) {
    return {
      path: null,
      reason:
        'Electron binary not installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1: its host is unreachable here)',
    };
  }
  const path = join(pkg, 'dist', readFileSync(record, 'utf8').trim());
  if (!existsSync(path)) return { path: null, reason: `Electron binary missing at ${path}` };
  const display = needsDisplay();
  return display ? { path: null, reason: display } : { path, reason: '' };
}

/** The executable of an unpacked `npm run dist -- --dir` build for this platform. */
export function packagedBinary(): Found {
  const dist = join(ROOT, 'dist');
  const candidates: Record<string, string[]> = {
    linux: ['linux-unpacked/vigil', 'linux-unpacked/Vigil'],
    win32: ['win-unpacked/Vigil.exe'],
    darwin: ['mac-arm64/Vigil.app/Contents/MacOS/Vigil', 'mac/Vigil.app/Contents/MacOS/Vigil'],
  };
  const found = (candidates[process.platform] ?? []).map((p) => join(dist, p)).find((p) => existsSync(p));
  if (!found) {
    const present = existsSync(dist) ? readdirSync(dist).join(', ') || 'nothing' : 'no dist/ folder';
    return {
      path: null,
      reason: `no unpacked build for ${process.platform} in dist/ (${present}): run \`npm run dist -- --dir\` where Electron's binary can be downloaded`,
    };
  }
  const display = needsDisplay();
  return display ? { path: null, reason: display } : { path: found, reason: '' };
}

/** The file Electron loads as the packaged binary's fuse wire (the .app bundle on macOS). */
export function fuseTarget(executable: string): string {
  const app = executable.indexOf('.app/');
  return app >= 0 ? executable.slice(0, app + 4) : executable;
}

/** A fresh profile: its own settings, history and single-instance lock. */
export const freshUserData = (): string => mkdtempSync(join(tmpdir(), 'vigil-smoke-'));

/** onnxruntime-node's native binding for this machine, inside node_modules or an unpacked build. */
export function ortBinding(root: string): string {
  return join(
    root,
    'node_modules/onnxruntime-node/bin/napi-v6',
    process.platform,
    process.arch,
    'onnxruntime_binding.node',
  );
}

/** Where an unpacked build keeps its unpacked node_modules. */
export function unpackedResources(executable: string): string {
  if (process.platform === 'darwin')
    return join(fuseTarget(executable), 'Contents/Resources/app.asar.unpacked');
  return join(executable, '..', 'resources/app.asar.unpacked');
}
