/**
 * Runs experiments: loads each arm's model (verified), decides which arm classifies each log, and
 * feeds the figures to the experiment's state (experiment.ts). One experiment decides at a time;
 * the last `maxFinished` ended ones stay readable.
 *
 * Per batch: each log is assigned an arm by the split (or the promoted arm); in shadow mode every
 * arm scores every distinct uncached message, otherwise only the messages of its own logs. Answers
 * are cached per arm by masked text (bounded), as the analyzer does for the active model. An arm
 * whose call fails is counted (`failures`) and its logs are decided by the control; if the control
 * fails too, the batch fails as it would without an experiment.
 */
import type { ExperimentAction, ExperimentCreate, Experiment, LogRecord } from '../../contract';
import { ExperimentCreate as ExperimentCreateSchema } from '../../contract';
import type { ManifestModel } from '../manifest';
import { modelInfo } from '../manifest';
import type { Classification, Classifier } from '../types';
import { loadVerifiedClassifier } from '../verify';
import { ExperimentState } from './experiment';
import type { ModelRegistry } from './registry';

export class ExperimentError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid_request' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'ExperimentError';
  }
}

export type ArmClassifier = Classifier & { release(): Promise<void> };

export interface ExperimentRunnerOptions {
  registry: ModelRegistry;
  now?: () => number;
  /** Masked texts remembered per arm. */
  cacheSize?: number;
  maxFinished?: number;
  /** Loads an arm's model; default: verified ONNX (verify.ts). */
  load?: (dir: string, entry: ManifestModel) => Promise<ArmClassifier>;
}

interface Running {
  state: ExperimentState;
  classifiers: ArmClassifier[];
  caches: Array<Map<string, Classification>>;
  inFlight: number;
  releaseWhenIdle: boolean;
}

export interface ExperimentOutcome {
  classes: Classification[];
  /** The arm (model ref) whose answer decided each log. */
  arms: string[];
}

export class ExperimentRunner {
  private current: Running | null = null;
  private readonly finished: ExperimentState[] = [];
  private seq = 0;
  private readonly now: () => number;
  private readonly cacheSize: number;

  constructor(private readonly options: ExperimentRunnerOptions) {
    this.now = options.now ?? Date.now;
    this.cacheSize = options.cacheSize ?? 50_000;
  }

  /** Whether an experiment decides logs now (else the engine's active model does). */
  get deciding(): boolean {
    return this.current !== null && this.current.state.deciding;
  }

  async create(request: ExperimentCreate, who: string): Promise<Experiment> {
    const parsed = ExperimentCreateSchema.parse(request);
    if (this.deciding)
      throw new ExperimentError(
        'conflict',
        `experiment ${this.current!.state.id} is ${this.current!.state.state}; stop it first`,
      );
    if (new Set(parsed.arms).size !== parsed.arms.length)
      throw new ExperimentError('invalid_request', 'arms: each model may appear once');
    const weights = parsed.split.weights ?? parsed.arms.map(() => 100 / parsed.arms.length);
    if (weights.length !== parsed.arms.length)
      throw new ExperimentError(
        'invalid_request',
        `split.weights: ${weights.length} weights for ${parsed.arms.length} arms`,
      );
    if (weights.reduce((a, b) => a + b, 0) <= 0)
      throw new ExperimentError('invalid_request', 'split.weights: at least one arm needs a share');
    const resolved = parsed.arms.map((ref) => {
      try {
        return this.options.registry.resolve(ref);
      } catch (error) {
        throw new ExperimentError('not_found', (error as Error).message);
      }
    });
    const load = this.options.load ?? ((dir, entry) => loadVerifiedClassifier(dir, entry));
    const classifiers: ArmClassifier[] = [];
    try {
      for (const r of resolved) classifiers.push(await load(r.dir, r.entry));
    } catch (error) {
      await Promise.all(classifiers.map((c) => c.release()));
      throw new ExperimentError('conflict', `an arm's model does not verify: ${(error as Error).message}`);
    }
    const now = this.now();
    const id = `ex-${now.toString(36)}-${++this.seq}`;
    const state = new ExperimentState(
      id,
      {
        name: parsed.name ?? `${parsed.arms.join(' vs ')}`,
        arms: resolved.map((r) => ({ ref: r.ref, model: modelInfo(r.entry) })),
        split: { by: parsed.split.by, weights },
        shadow: parsed.shadow,
        auto: parsed.auto ?? ExperimentCreateSchema.shape.auto.unwrap().parse({}),
      },
      now,
      who,
    );
    this.retire();
    this.current = {
      state,
      classifiers,
      caches: resolved.map(() => new Map<string, Classification>()),
      inFlight: 0,
      releaseWhenIdle: false,
    };
    return state.report();
  }

  get(id: string): Experiment {
    return this.find(id).report();
  }

  list(): Experiment[] {
    const all = this.current ? [this.current.state, ...this.finished] : [...this.finished];
    return all.map((s) => s.report());
  }

  act(action: ExperimentAction, who: string): Experiment {
    const state = this.find(action.id);
    const now = this.now();
    try {
      if (action.action === 'promote') state.promote(action.arm, now, 'manual', who, 'promoted by hand');
      else if (action.action === 'rollback') state.rollback(now, 'manual', who, 'rolled back by hand');
      else state.stop(now, who);
    } catch (error) {
      throw new ExperimentError('conflict', (error as Error).message);
    }
    this.retireIfEnded();
    return state.report();
  }

  /** Automatic promotion, rollback and confirmation; call about once a second. */
  tick(): void {
    const running = this.current;
    if (running === null) return;
    running.state.evaluate(this.now());
    this.retireIfEnded();
  }

  /** The split key of a log for the current experiment (null: none, the per-log draw). */
  keyOf(record: LogRecord, templateId: string): string | null {
    const by = this.current?.state.spec.split.by;
    return by === 'service'
      ? record.service
      : by === 'host'
        ? record.host
        : by === 'template'
          ? templateId
          : null;
  }

  /** An alert raised by a log `arm` decided. */
  countAlert(arm: string, level: Parameters<ExperimentState['arms'][number]['recordAlert']>[0]): void {
    const state = this.current?.state;
    const i = state ? state.armIndex(arm) : -1;
    if (i >= 0) state!.arms[i]!.recordAlert(level);
  }

  /** A verdict on an alert of `arm`, replacing `previous` (null: the first verdict on that alert). */
  countVerdict(arm: string, previous: 'useful' | 'noise' | null, next: 'useful' | 'noise'): void {
    const state = this.current?.state;
    const i = state ? state.armIndex(arm) : -1;
    if (i < 0) return;
    if (previous !== null) state!.arms[i]!.countVerdict(previous, -1);
    state!.arms[i]!.countVerdict(next, 1);
  }

  async classify(masked: readonly string[], keys: readonly (string | null)[]): Promise<ExperimentOutcome> {
    const running = this.current;
    if (running === null || !running.state.deciding) throw new Error('no experiment is deciding');
    running.inFlight++;
    try {
      return await this.classifyWith(running, masked, keys);
    } finally {
      running.inFlight--;
      if (running.releaseWhenIdle && running.inFlight === 0) await this.release(running);
    }
  }

  async close(): Promise<void> {
    const running = this.current;
    this.current = null;
    if (running) {
      running.releaseWhenIdle = true;
      if (running.inFlight === 0) await this.release(running);
    }
  }

  private async classifyWith(
    running: Running,
    masked: readonly string[],
    keys: readonly (string | null)[],
  ): Promise<ExperimentOutcome> {
    const { state, classifiers, caches } = running;
    const n = masked.length;
    const armCount = classifiers.length;
    const promoted = state.promoted;
    const armOf = new Uint8Array(n);
    for (let i = 0; i < n; i++) armOf[i] = promoted ?? state.splitter.pick(keys[i] ?? null);
    const shadow = state.spec.shadow && promoted === null;
    // Distinct uncached texts each arm must score in this batch.
    const pending: Array<Set<string>> = classifiers.map(() => new Set());
    for (let i = 0; i < n; i++) {
      const text = masked[i] as string;
      if (shadow) {
        for (let a = 0; a < armCount; a++)
          if (!(caches[a] as Map<string, Classification>).has(text)) pending[a]!.add(text);
      } else if (!(caches[armOf[i] as number] as Map<string, Classification>).has(text))
        pending[armOf[i] as number]!.add(text);
    }
    const fresh: Array<Map<string, Classification> | null> = classifiers.map(() => new Map());
    for (let a = 0; a < armCount; a++) await this.score(running, a, [...(pending[a] as Set<string>)], fresh);
    const control = fresh[0];
    if (shadow && control) {
      for (let a = 1; a < armCount; a++) {
        const mine = fresh[a];
        if (mine === null || mine === undefined) continue;
        for (const [text, c] of mine) {
          const ref = control.get(text);
          if (ref !== undefined) state.arms[a]!.recordComparison(ref, c);
        }
      }
    }
    const answer = (a: number, text: string): Classification | undefined =>
      fresh[a]?.get(text) ?? (caches[a] as Map<string, Classification>).get(text);
    // Logs of a failed arm are decided by the control: score what it lacks.
    const lacking = new Set<string>();
    for (let i = 0; i < n; i++) {
      const text = masked[i] as string;
      if (answer(armOf[i] as number, text) === undefined && answer(0, text) === undefined) lacking.add(text);
    }
    if (lacking.size > 0) {
      await this.score(running, 0, [...lacking], fresh);
      if (fresh[0] === null)
        throw new Error(`experiment ${state.id}: the control ${state.arms[0]!.ref} failed too`);
    }
    const classes = new Array<Classification>(n);
    const arms = new Array<string>(n);
    let watchLogs = 0;
    let watchErrors = 0;
    for (let i = 0; i < n; i++) {
      const text = masked[i] as string;
      let a = armOf[i] as number;
      let c = answer(a, text);
      if (c === undefined) {
        if (a === promoted) {
          watchLogs++;
          watchErrors++;
        }
        a = 0;
        c = answer(0, text);
        if (c === undefined) throw new Error(`experiment ${state.id}: no answer for a log`);
      } else if (a === promoted) {
        watchLogs++;
        if (c.severity === 'error') watchErrors++;
      }
      state.arms[a]!.recordDecision(c);
      classes[i] = c;
      arms[i] = state.arms[a]!.ref;
    }
    if (promoted !== null) state.recordWatch(watchLogs, watchErrors, null, false);
    return { classes, arms };
  }

  /** Scores `texts` with arm `a`; on failure marks `fresh[a]` null and counts it. */
  private async score(
    running: Running,
    a: number,
    texts: string[],
    fresh: Array<Map<string, Classification> | null>,
  ): Promise<void> {
    if (texts.length === 0 || fresh[a] === null) return;
    const { state, classifiers, caches } = running;
    const arm = state.arms[a]!;
    const started = performance.now();
    let results: Classification[];
    try {
      results = await classifiers[a]!.classify(texts);
    } catch {
      arm.failures++;
      fresh[a] = null;
      if (state.promoted === a) state.recordWatch(0, 0, null, true);
      return;
    }
    const ms = performance.now() - started;
    arm.recordRun(texts.length, ms);
    if (state.promoted === a) state.recordWatch(0, 0, ms, false);
    const cache = caches[a] as Map<string, Classification>;
    const out = fresh[a] as Map<string, Classification>;
    for (let j = 0; j < texts.length; j++) {
      const text = texts[j] as string;
      const c = results[j] as Classification;
      out.set(text, c);
      if (cache.size >= this.cacheSize) {
        let drop = this.cacheSize >> 3;
        for (const key of cache.keys()) {
          cache.delete(key);
          if (--drop <= 0) break;
        }
      }
      cache.set(text, c);
    }
  }

  private find(id: string): ExperimentState {
    if (this.current?.state.id === id) return this.current.state;
    const state = this.finished.find((s) => s.id === id);
    if (!state) throw new ExperimentError('not_found', `no experiment ${JSON.stringify(id)}`);
    return state;
  }

  private retireIfEnded(): void {
    if (this.current !== null && !this.current.state.deciding) this.retire();
  }

  /** Moves the current experiment to the finished list and releases its models once idle. */
  private retire(): void {
    const running = this.current;
    if (running === null) return;
    this.current = null;
    this.finished.unshift(running.state);
    this.finished.length = Math.min(this.finished.length, this.options.maxFinished ?? 20);
    running.releaseWhenIdle = true;
    if (running.inFlight === 0) void this.release(running);
  }

  private async release(running: Running): Promise<void> {
    running.releaseWhenIdle = false;
    await Promise.all(running.classifiers.map((c) => c.release().catch(() => undefined)));
  }
}
