/**
 * The model registry: every model listed in the models folder's manifest and in the user's own
 * models folder (Settings `modelsDir`), with what an engineer needs to choose a candidate. Each
 * model is verified (core/inference/verify.ts) once per file state (path, size, mtime, sha256):
 * listing again does not reload unchanged models. A folder without a readable manifest lists
 * nothing and says why in `problems`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RegisteredModel } from '../../contract';
import { MANIFEST_FILE, modelInfo, readManifest, type ManifestModel } from '../manifest';
import { loadVerifiedClassifier } from '../verify';
import { readEvalDoc } from './eval-figures';

export const USER_PREFIX = 'user/';

export interface ResolvedModel {
  ref: string;
  dir: string;
  entry: ManifestModel;
}

export interface RegistryListing {
  models: RegisteredModel[];
  problems: string[];
}

const MAX_VERIFIED = 256;

function trainedAt(entry: ManifestModel): number | null {
  const date = entry.training?.['date'];
  return typeof date === 'string' && !Number.isNaN(Date.parse(date)) ? Date.parse(date) : null;
}

function fileModifiedAt(dir: string, entry: ManifestModel): number | null {
  try {
    return fs.statSync(path.join(dir, entry.file)).mtimeMs;
  } catch {
    return null;
  }
}

export class ModelRegistry {
  private readonly verified = new Map<string, string | null>();

  constructor(
    private readonly modelsDir: string,
    private readonly userDir: string | null = null,
  ) {}

  private folders(): Array<{ folder: 'models' | 'user'; dir: string; prefix: string }> {
    const out: Array<{ folder: 'models' | 'user'; dir: string; prefix: string }> = [
      { folder: 'models', dir: this.modelsDir, prefix: '' },
    ];
    if (this.userDir !== null && path.resolve(this.userDir) !== path.resolve(this.modelsDir))
      out.push({ folder: 'user', dir: this.userDir, prefix: USER_PREFIX });
    return out;
  }

  /** The model a ref names, or an Error saying what exists. */
  resolve(ref: string): ResolvedModel {
    const known: string[] = [];
    for (const { dir, prefix } of this.folders()) {
      let models: ManifestModel[];
      try {
        models = readManifest(path.join(dir, MANIFEST_FILE)).models;
      } catch {
        continue;
      }
      for (const entry of models) {
        if (prefix + entry.id === ref) return { ref, dir, entry };
        known.push(prefix + entry.id);
      }
    }
    throw new Error(`no model ${JSON.stringify(ref)} (known: ${known.join(', ') || 'none'})`);
  }

  async list(activeId: string | null): Promise<RegistryListing> {
    const models: RegisteredModel[] = [];
    const problems: string[] = [];
    for (const { folder, dir, prefix } of this.folders()) {
      let entries: ManifestModel[];
      try {
        entries = readManifest(path.join(dir, MANIFEST_FILE)).models;
      } catch (error) {
        problems.push((error as Error).message);
        continue;
      }
      const doc = readEvalDoc(dir);
      for (const entry of entries) {
        const verifyError = await this.verify(dir, entry);
        const labels: Record<string, string[]> = {};
        for (const head of entry.heads) labels[head.name] = [...head.labels];
        const describes = doc.modelId === entry.id && doc.version === entry.version;
        models.push({
          ...modelInfo(entry),
          ref: prefix + entry.id,
          folder,
          labels,
          trainedAt: trainedAt(entry),
          fileModifiedAt: fileModifiedAt(dir, entry),
          eval: describes ? doc.figures : [],
          evaluation: entry.evaluation ?? null,
          verified: verifyError === null,
          verifyError,
          active: folder === 'models' && entry.id === activeId,
        });
      }
    }
    return { models, problems };
  }

  /** null when the model verifies, else the reason; cached per file state. */
  private async verify(dir: string, entry: ManifestModel): Promise<string | null> {
    let stamp: string;
    try {
      const stat = fs.statSync(path.join(dir, entry.file));
      stamp = `${dir}|${entry.file}|${entry.sha256}|${stat.size}|${stat.mtimeMs}`;
    } catch (error) {
      return `cannot read ${entry.file}: ${(error as Error).message}`;
    }
    const cached = this.verified.get(stamp);
    if (cached !== undefined) return cached;
    let result: string | null = null;
    try {
      const classifier = await loadVerifiedClassifier(dir, entry);
      await classifier.release();
    } catch (error) {
      result = (error as Error).message;
    }
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(stamp, result);
    return result;
  }
}
