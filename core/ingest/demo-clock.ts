/**
 * Time as the demo source sees it. Production uses the wall clock and timers; tests inject a
 * virtual clock whose `sleep` advances time instantly, so rates and incident schedules can be
 * checked by counting, never by timing.
 */
export interface DemoScheduler {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Lets other work (I/O, timers) run before the next batch. */
  yield(): Promise<void>;
}

export const realScheduler: DemoScheduler = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
  yield: () => new Promise<void>((resolve) => setImmediate(resolve)),
};
