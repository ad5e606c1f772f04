/**
 * A long wait that says how it is going: the cluster tests wait minutes for counts, and a line every
 * few seconds is what tells a slow run from a stuck one when one gives up.
 */

/** Runs `body`, printing `report()` every `everyMs` meanwhile; a report that fails prints nothing. */
export async function reporting<T>(
  report: () => string | Promise<string>,
  everyMs: number,
  body: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    void Promise.resolve()
      .then(report)
      .then(
        (line) => console.log(line),
        () => undefined,
      );
  }, everyMs);
  try {
    return await body();
  } finally {
    clearInterval(timer);
  }
}
