/**
 * Long tasks in the page, seen from inside it: a PerformanceObserver('longtask') installed before
 * any page script runs (so nothing the app does at start-up or later escapes it), keeping each
 * entry with its page time so that a measurement can count only its own window.
 */
import type { Page } from '@playwright/test';

export interface LongTask {
  /** Page time (performance.now()) when the task started, ms. */
  start: number;
  duration: number;
}

interface ProbeState {
  tasks: LongTask[];
  /** Entries not kept because the list was full: reported, never silently lost. */
  overflow: number;
}

/** Bounded: a pathological page cannot grow the list forever, and overflow is counted. */
const MAX_KEPT = 10_000;
const PROBE_KEY = '__vigilLongTasks';

/** Registers the observer in every document the page loads from now on. */
export async function installLongTaskProbe(page: Page): Promise<void> {
  await page.addInitScript(
    ({ key, maxKept }: { key: string; maxKept: number }) => {
      const state: ProbeState = { tasks: [], overflow: 0 };
      Object.defineProperty(window, key, { value: state });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (state.tasks.length < maxKept)
            state.tasks.push({ start: entry.startTime, duration: entry.duration });
          else state.overflow++;
        }
      }).observe({ type: 'longtask', buffered: true });
    },
    { key: PROBE_KEY, maxKept: MAX_KEPT },
  );
}

/** The page's clock now, to mark the start of a window. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

export interface LongTaskWindow {
  /** Long tasks (the browser reports those over 50 ms) that started at or after `since`. */
  tasks: LongTask[];
  overflow: number;
  /** Whether the observer was installed in the current document at all. */
  installed: boolean;
}

export async function readLongTasks(page: Page, since: number): Promise<LongTaskWindow> {
  const state = await page.evaluate(
    (key) => (window as unknown as Record<string, ProbeState | undefined>)[key] ?? null,
    PROBE_KEY,
  );
  if (state === null) return { tasks: [], overflow: 0, installed: false };
  return { tasks: state.tasks.filter((t) => t.start >= since), overflow: state.overflow, installed: true };
}
