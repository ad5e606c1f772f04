/**
 * Fixtures for the inference tests, built from the real shipped model in a temporary folder: a copy
 * of models/ whose manifest and model files each test then breaks in one precise way.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Manifest, ManifestModel } from '../../core/inference/manifest';
import { decodeModel, encodeModel, type OnnxModel } from '../../models/training/onnx-proto';

export const REPO_MODELS_DIR = path.resolve(__dirname, '..', '..', 'models');

export function readRealManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_MODELS_DIR, 'manifest.json'), 'utf8')) as Manifest;
}

export function realModelEntry(): ManifestModel {
  const manifest = readRealManifest();
  const entry = manifest.models.find((m) => m.id === manifest.active);
  if (!entry) throw new Error('the repository manifest has no active model');
  return entry;
}

export function realModelBytes(): Buffer {
  return fs.readFileSync(path.join(REPO_MODELS_DIR, realModelEntry().file));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A temp models folder holding the real model file and a manifest listing `models` (default: the real one). */
export function tempModelsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-models-'));
  const entry = realModelEntry();
  fs.writeFileSync(path.join(dir, entry.file), realModelBytes());
  writeManifest(dir, { schemaVersion: 1, active: entry.id, models: [entry] });
  return dir;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  // Written to a temp name then renamed, as a deploy would, so a watcher never reads half a file.
  const tmp = path.join(dir, `.manifest-${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2));
  fs.renameSync(tmp, path.join(dir, 'manifest.json'));
}

/** Writes `bytes` as `file` in `dir` and returns a manifest entry for it, based on the real entry. */
export function addModelFile(
  dir: string,
  file: string,
  bytes: Uint8Array,
  overrides: Partial<ManifestModel> = {},
): ManifestModel {
  fs.writeFileSync(path.join(dir, file), bytes);
  return { ...realModelEntry(), file, sha256: sha256(bytes), ...overrides };
}

/** The real model decoded, changed by `edit`, and encoded again. */
export function editedModelBytes(edit: (model: OnnxModel) => void): Uint8Array {
  const model = decodeModel(realModelBytes());
  edit(model);
  return encodeModel(model);
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Polls `condition` until it holds (file-watch reloads are asynchronous); fails after `limitMs`. */
export async function waitFor(condition: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const SAMPLE_MASKED = [
  'Failed password for invalid user <*> from <*> port <*> ssh2',
  'Connection refused while contacting <*>:<*>',
  'Received block blk_<*> of size <*> from /<*>',
  'kernel: EXT3-fs error (device <*>): ext3_find_entry: reading directory #<*> offset <*>',
  'Session <*> initialized by client WindowsUpdateAgent.',
  'java.net.SocketTimeoutException: <*> millis timeout while waiting for channel to be ready for read',
  'session opened for user root by (uid=<*>)',
  '',
];
