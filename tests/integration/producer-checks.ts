/**
 * What every real-client test checks, in one place: the client runs once (its captured messages),
 * Vigil's engine reads them, and the shared checks follow: the bytes match the committed fixtures,
 * every message is analyzed with no error and no data-quality complaint, and each named fixture's
 * fields are read as the producer means them. The client's own checks use the returned run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { COMPARED_FIELDS, fieldMismatches } from '../fixtures/producers/compare';
import { readCases, type CapturedCase } from '../fixtures/producers/real-fixtures';
import { readWithEngine, recordsOf, sameAsCommitted, type EngineReading } from './producers-engine';

export interface ProducerRun {
  cases: CapturedCase[];
  reading: EngineReading;
}

/** Runs the client (`capture`) and the engine once for the file; the run is filled in beforeAll. */
export function useProducerRun(capture: (brokers: string[]) => Promise<CapturedCase[]>): ProducerRun {
  const brokers = testBrokers();
  const run = { cases: [], reading: undefined } as unknown as ProducerRun;
  beforeAll(async () => {
    run.cases = await capture(brokers);
    run.reading = await readWithEngine(brokers, run.cases);
  });
  afterAll(async () => {
    await (run.reading as EngineReading | undefined)?.close();
  });
  return run;
}

/** The checks every client shares (call inside its describe); `names` are the fixtures whose fields are compared. */
export function sharedProducerChecks(run: ProducerRun, names: readonly string[], why = ''): void {
  it('writes what the committed fixtures hold, apart from the times (re-capture when this changes)', () => {
    expect(sameAsCommitted(run.cases, new Map(readCases().map((c) => [c.name, c])))).toEqual([]);
  });

  it(`every message is analyzed, none counted as an error or a data-quality problem${why}`, () => {
    const total = run.cases.reduce((sum, c) => sum + c.values.length, 0);
    expect(run.reading.status.stats.processed).toBe(total);
    expect(run.reading.status.stats.errors).toBe(0);
    expect(run.reading.status.stats.dataQuality.byKind).toEqual({});
  });

  for (const name of names) {
    it.each(COMPARED_FIELDS)(`${name}: analyze reads %s as the producer means it`, (field) => {
      const c = run.cases.find((x) => x.name === name)!;
      expect(
        fieldMismatches(field, recordsOf(run.reading, name), c.expected, () => ({
          topic: 'analyze',
          kafkaTimestamp: null,
        })),
      ).toEqual([]);
    });
  }
}
