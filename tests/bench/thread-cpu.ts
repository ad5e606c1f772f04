/** The engine's (main) thread's own CPU time, for benches that split it from the process's. */
import { readFileSync } from 'node:fs';

/** The main thread's CPU time in µs (Linux), or null where /proc cannot say. */
export function mainThreadCpuUs(): number | null {
  try {
    const ns = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1000 : null;
  } catch {
    return null;
  }
}
