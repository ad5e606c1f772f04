/**
 * Clean-up steps registered as a test acquires what needs closing (engines, Kafka clients, temporary
 * folders), run after the file's tests, the last registered first; one that fails does not stop the
 * others.
 */
import { afterAll } from 'vitest';

/** Returns the function that registers a step. Call at the top of a test file or in a describe. */
export function cleanupSteps(): (step: () => Promise<unknown>) => void {
  const steps: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of steps.reverse()) await step().catch(() => undefined);
  });
  return (step) => void steps.push(step);
}
