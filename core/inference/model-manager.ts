/**
 * Owns the models the engine classifies with: the active one, and optionally a shadow candidate.
 *
 * - At start and whenever models/manifest.json or a model file changes (fs.watch, debounced), the
 *   manifest is re-read and a changed model is verified (verify.ts) before it replaces the current
 *   one. A model that fails verification is rejected with its reason in `status().error`, and the
 *   current model stays active; with no model at all, the keyword rules classify (`classifiedBy`).
 * - A swap never touches a batch in flight: `classify` takes the active model's reference once per
 *   batch, and a replaced model's session is released only after its last batch finishes.
 * - The candidate runs after the active model has answered, off the batch's path: at most one
 *   shadow run at a time, and batches arriving meanwhile are not compared (`skippedShadowBatches`).
 *
 * `status().error` non-null is what the engine reports as degraded health.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ModelStatus } from '../contract';
import type { ClassifierOptions, OnnxClassifier } from './classifier';
import {
  MANIFEST_FILE,
  findModel,
  modelInfo,
  readManifest,
  type Manifest,
  type ManifestModel,
} from './manifest';
import { RulesClassifier } from './rules-classifier';
import { ShadowComparison } from './shadow';
import type { Classification } from './types';
import { loadVerifiedClassifier, type SessionOptions } from './verify';

export interface ModelManagerOptions {
  /** Folder holding manifest.json and the model files. */
  modelsDir: string;
  /** Reload when the manifest or a model file changes (default true). */
  watch?: boolean;
  /** Quiet time after the last file event before reloading (default 500 ms). */
  debounceMs?: number;
  classifier?: SessionOptions & ClassifierOptions;
  /** Called after every change of status (load, rejection, swap, promote, discard). */
  onStatus?: (status: ModelStatus) => void;
}

export interface ClassifyOutcome {
  results: Classification[];
  classifiedBy: 'model' | 'rules';
}

/** A loaded model with the count of batches using it, so that its release can wait for them. */
class Lease {
  private inFlight = 0;
  private retired = false;

  constructor(
    readonly entry: ManifestModel,
    readonly classifier: OnnxClassifier,
  ) {}

  acquire(): void {
    this.inFlight++;
  }

  async release(): Promise<void> {
    this.inFlight--;
    if (this.retired && this.inFlight === 0) await this.classifier.release();
  }

  async retire(): Promise<void> {
    if (this.retired) return;
    this.retired = true;
    if (this.inFlight === 0) await this.classifier.release();
  }
}

function sameEntry(a: ManifestModel, b: ManifestModel): boolean {
  return (
    a.file === b.file &&
    a.sha256 === b.sha256 &&
    a.version === b.version &&
    JSON.stringify(a.heads) === JSON.stringify(b.heads)
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ModelManager {
  private active: Lease | null = null;
  private candidate: { lease: Lease; comparison: ShadowComparison } | null = null;
  private error: string | null = null;
  /** The manifest's `active` when last read, to tell when the manifest chooses another model. */
  private manifestActive: string | null | undefined = undefined;
  /** A model promoted at runtime: it stays active until the manifest names another active model. */
  private promoted: string | null = null;
  private readonly rules = new RulesClassifier();
  private readonly manifestPath: string;
  private watcher: fs.FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private shadowRun: Promise<void> | null = null;
  private skipped = 0;
  private closed = false;

  private constructor(private readonly options: ModelManagerOptions) {
    this.manifestPath = path.join(options.modelsDir, MANIFEST_FILE);
  }

  static async start(options: ModelManagerOptions): Promise<ModelManager> {
    const manager = new ModelManager(options);
    await manager.reload();
    if (options.watch ?? true) manager.startWatching();
    return manager;
  }

  status(): ModelStatus {
    return {
      active: this.active ? modelInfo(this.active.entry) : null,
      error: this.error,
      shadow: this.candidate ? this.candidate.comparison.report() : null,
    };
  }

  /** Batches not compared because the previous shadow run was still going. */
  get skippedShadowBatches(): number {
    return this.skipped;
  }

  async classify(maskedTexts: readonly string[]): Promise<ClassifyOutcome> {
    const lease = this.active;
    if (!lease) return { results: await this.rules.classify(maskedTexts), classifiedBy: 'rules' };
    lease.acquire();
    let results: Classification[];
    const started = performance.now();
    try {
      results = await lease.classifier.classify(maskedTexts);
    } catch (error) {
      this.setError(
        `model ${lease.entry.id} failed on a batch (${message(error)}); that batch was classified by keyword rules`,
      );
      return { results: await this.rules.classify(maskedTexts), classifiedBy: 'rules' };
    } finally {
      await lease.release();
    }
    this.startShadow(maskedTexts, results, performance.now() - started);
    return { results, classifiedBy: 'model' };
  }

  /** Resolves when no shadow run is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.shadowRun) await this.shadowRun;
  }

  /** Loads manifest model `id` as the shadow candidate, replacing any current candidate. */
  shadow(id: string): Promise<ModelStatus> {
    return this.serialized(async () => {
      try {
        const entry = findModel(readManifest(this.manifestPath), id);
        const lease = new Lease(
          entry,
          await loadVerifiedClassifier(this.options.modelsDir, entry, this.options.classifier),
        );
        await this.dropCandidate();
        this.candidate = { lease, comparison: new ShadowComparison(modelInfo(entry)) };
        this.error = null;
      } catch (error) {
        this.error = `shadow candidate not loaded: ${message(error)}`;
      }
    });
  }

  /** Makes the candidate the active model (until the manifest names another one). */
  promote(): Promise<ModelStatus> {
    return this.serialized(async () => {
      if (!this.candidate) {
        this.error = 'promote: there is no shadow candidate';
        return;
      }
      const previous = this.active;
      this.active = this.candidate.lease;
      this.promoted = this.active.entry.id;
      this.candidate = null;
      this.error = null;
      await previous?.retire();
    });
  }

  discard(): Promise<ModelStatus> {
    return this.serialized(async () => {
      await this.dropCandidate();
    });
  }

  /** Re-reads the manifest and applies it (what a file change triggers). */
  reload(): Promise<ModelStatus> {
    return this.serialized(() => this.applyManifest());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.debounce) clearTimeout(this.debounce);
    await this.queue;
    await this.idle();
    await this.dropCandidate();
    await this.active?.retire();
    this.active = null;
  }

  private serialized(task: () => Promise<void>): Promise<ModelStatus> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run.then(() => {
      const status = this.status();
      this.options.onStatus?.(status);
      return status;
    });
  }

  private setError(error: string | null): void {
    if (this.error === error) return;
    this.error = error;
    this.options.onStatus?.(this.status());
  }

  private async applyManifest(): Promise<void> {
    let manifest: Manifest;
    try {
      manifest = readManifest(this.manifestPath);
    } catch (error) {
      this.error = `${message(error)}; ${this.active ? `keeping model ${this.active.entry.id} active` : 'classifying with keyword rules'}`;
      return;
    }
    // A new `active` in the manifest overrides a runtime promotion; otherwise the promotion stands.
    if (manifest.active !== this.manifestActive) this.promoted = null;
    this.manifestActive = manifest.active;
    const promoted = this.promoted;
    const wantedId =
      promoted !== null && manifest.models.some((m) => m.id === promoted) ? promoted : manifest.active;

    if (wantedId === null) {
      await this.active?.retire();
      this.active = null;
      this.error = 'the model manifest names no active model; classifying with keyword rules';
    } else {
      const entry = findModel(manifest, wantedId);
      if (!this.active || this.active.entry.id !== entry.id || !sameEntry(this.active.entry, entry)) {
        try {
          const lease = new Lease(
            entry,
            await loadVerifiedClassifier(this.options.modelsDir, entry, this.options.classifier),
          );
          const previous = this.active;
          this.active = lease;
          await previous?.retire();
          this.error = null;
        } catch (error) {
          this.error = `${message(error)}; ${this.active ? `keeping model ${this.active.entry.id} active` : 'classifying with keyword rules'}`;
        }
      } else {
        this.error = null;
      }
    }

    if (this.candidate) {
      const id = this.candidate.lease.entry.id;
      const entry = manifest.models.find((m) => m.id === id);
      if (!entry) await this.dropCandidate();
      else if (!sameEntry(entry, this.candidate.lease.entry)) {
        await this.dropCandidate();
        this.error = `shadow candidate ${id} changed on disk and was discarded; load it again to compare`;
      }
    }
  }

  private async dropCandidate(): Promise<void> {
    const candidate = this.candidate;
    this.candidate = null;
    await candidate?.lease.retire();
  }

  private startShadow(texts: readonly string[], activeResults: Classification[], activeMs: number): void {
    const candidate = this.candidate;
    if (!candidate || this.closed) return;
    if (this.shadowRun) {
      this.skipped++;
      return;
    }
    const { lease, comparison } = candidate;
    lease.acquire();
    const run = (async () => {
      try {
        const started = performance.now();
        const results = await lease.classifier.classify(texts);
        comparison.record(activeResults, results, activeMs, performance.now() - started);
      } catch (error) {
        // A failing candidate must never affect the active path: it is dropped, with the reason.
        if (this.candidate?.lease === lease) {
          this.candidate = null;
          await lease.retire();
          this.setError(
            `shadow candidate ${lease.entry.id} failed on a batch and was discarded: ${message(error)}`,
          );
        }
      } finally {
        await lease.release();
        this.shadowRun = null;
      }
    })();
    this.shadowRun = run;
  }

  private startWatching(): void {
    try {
      this.watcher = fs.watch(this.options.modelsDir, (_event, filename) => {
        const name = filename?.toString() ?? '';
        if (name !== '' && name !== MANIFEST_FILE && !name.endsWith('.onnx')) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => {
          this.debounce = null;
          if (!this.closed) void this.reload();
        }, this.options.debounceMs ?? 500);
      });
      this.watcher.on('error', (error) =>
        this.setError(
          `watching ${this.options.modelsDir} failed: ${message(error)}; model changes need a restart`,
        ),
      );
    } catch (error) {
      this.setError(
        `cannot watch ${this.options.modelsDir}: ${message(error)}; model changes need a restart`,
      );
    }
  }
}
