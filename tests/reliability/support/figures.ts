/**
 * What every reliability scenario hands back: its figures (printed as one JSON line) and the list
 * of targets it missed. A scenario never throws for a missed target: it measures everything, then
 * the vitest file (or soak.ts) fails on a non-empty `failures`, so one run shows all the misses.
 */
export type Figure = number | string | boolean | null | Figure[] | { [key: string]: Figure };
export type Figures = Record<string, Figure>;

export interface ScenarioResult {
  test: string;
  figures: Figures;
  /** One sentence per missed target, with the figure and the target in it. */
  failures: string[];
}

/** Collects target checks as they are made. */
export class Targets {
  readonly failures: string[] = [];

  check(ok: boolean, failure: string): boolean {
    if (!ok) this.failures.push(failure);
    return ok;
  }

  equal(name: string, actual: number, expected: number): boolean {
    return this.check(actual === expected, `${name} is ${actual}, expected ${expected}`);
  }

  atMost(name: string, actual: number, limit: number): boolean {
    return this.check(actual <= limit, `${name} is ${actual}, target at most ${limit}`);
  }

  atLeast(name: string, actual: number, floor: number): boolean {
    return this.check(actual >= floor, `${name} is ${actual}, target at least ${floor}`);
  }
}

/** The one JSON line a scenario prints: test name, figures, misses, pass. */
export function reportLine(result: ScenarioResult): string {
  return JSON.stringify({
    test: result.test,
    ...result.figures,
    failures: result.failures,
    pass: result.failures.length === 0,
  });
}

export const mib = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;
export const seconds = (ms: number): number => Math.round(ms / 100) / 10;
