/**
 * Conformance of the parser with the bytes real clients put on Kafka (tests/fixtures/producers/real,
 * captured by tests/fixtures/producers/capture.ts): every message of every captured case is parsed
 * the way the engine parses a Kafka message, and each field Vigil reads (time, level, service, host,
 * message, error) is compared with the producer's documented meaning. A case's field fails with the
 * list of the messages it got wrong.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../core/contract';
import { parseMessage } from '../../core/parse';
import { COMPARED_FIELDS, fieldMismatches } from '../fixtures/producers/compare';
import { readCases } from '../fixtures/producers/real-fixtures';

/** The Kafka timestamp given to every message: the time of one that states none. */
const KAFKA_TIMESTAMP = Date.parse('2026-12-05T00:00:00.000Z');

const cases = readCases();

describe.each(cases)('$name ($client)', ({ name, values, expected }) => {
  const topic = `producers-${name.replace('/', '-')}`;
  const outcomes = values.map((value, i) =>
    parseMessage({ topic, partition: 0, offset: String(i), timestamp: KAFKA_TIMESTAMP, key: null, value }),
  );

  it('every message becomes a record with no data-quality complaint', () => {
    const complaints = outcomes.flatMap((outcome, i) =>
      outcome.ok
        ? outcome.warnings.map((w) => `#${i}: ${w.kind} (${w.detail})`)
        : [`#${i}: rejected as ${outcome.issue.kind} (${outcome.issue.detail})`],
    );
    expect(complaints).toEqual([]);
  });

  const records = outcomes
    .filter((o): o is { ok: true; record: LogRecord; warnings: [] } => o.ok)
    .map((o) => o.record);

  it.each(COMPARED_FIELDS)('reads %s as the producer means it', (field) => {
    expect(records).toHaveLength(values.length);
    expect(
      fieldMismatches(field, records, expected, () => ({ topic, kafkaTimestamp: KAFKA_TIMESTAMP })),
    ).toEqual([]);
  });
});
