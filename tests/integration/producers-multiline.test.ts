/**
 * A Java service's plain-text log file shipped line by line: Log4j 2's PatternLayout writes each
 * stack trace as lines of their own, rsyslogd (imfile, tag `payments`) follows the file and omkafka
 * puts every line on the test broker as one message (about ninety per failed payment). Vigil's
 * engine consumes them. A stack frame is not a log: the frames must be joined to the line that
 * starts their event (continuation lines: leading whitespace, `at `, `Caused by:`, `... N more`),
 * so that the failure is alerted once per event with its root cause, never frame by frame.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import { MULTILINE_DIR, REAL_DIR } from '../fixtures/producers/real-fixtures';
import {
  captureMultiline,
  MULTILINE_CASE,
  MULTILINE_TAG,
  type MultilineCapture,
  type MultilineEvent,
} from '../fixtures/producers/scenario-multiline';
import { describeAlerts, readWithEngine, withoutTimes, type EngineReading } from './producers-engine';

const brokers = testBrokers();
let capture: MultilineCapture;
let reading: EngineReading;

/** A stack-trace line read as a log of its own (with or without rsyslog's `vm payments: ` prefix). */
const FRAME = /^(?:\S+ \S+: )?\s*(?:at \S|Caused by: |\.\.\. \d+ more)/;

beforeAll(async () => {
  capture = await captureMultiline(brokers);
  reading = await readWithEngine(
    brokers,
    [{ name: MULTILINE_CASE, topic: capture.topic, values: capture.values }],
    {
      joined: { minLogs: capture.events.length, quietMs: 3_000 },
    },
  );
});

afterAll(async () => {
  await reading?.close();
});

function committed(): { values: string[]; events: MultilineEvent[] } {
  const base = path.join(REAL_DIR, MULTILINE_DIR, MULTILINE_CASE);
  const lines = (file: string): string[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  return {
    values: lines(`${base}.jsonl`).map((l) => (JSON.parse(l) as { value: string }).value),
    events: lines(`${base}.events.jsonl`).map((l) => JSON.parse(l) as MultilineEvent),
  };
}

describe('a plain-text Java log shipped line by line by rsyslog imfile', () => {
  it('writes what the committed fixture holds, apart from the times (re-capture when this changes)', () => {
    const fixture = committed();
    expect(capture.values.map(withoutTimes)).toEqual(fixture.values.map(withoutTimes));
    expect(capture.events).toEqual(fixture.events);
  });

  it('puts each stack frame on Kafka as a message of its own (what makes joining necessary)', () => {
    const failed = capture.events.filter((e) => e.error?.rootCause);
    expect(failed.length).toBe(4);
    for (const event of failed) expect(event.last - event.first).toBeGreaterThan(80);
  });

  it('counts no frame as a data-quality problem and no message as an error', () => {
    expect(reading.status.stats.dataQuality.total).toBe(0);
    expect(reading.status.stats.errors).toBe(0);
  });

  it('no alert is about a stack frame, a "Caused by" or a "... N more" line', () => {
    const frameAlerts = reading.alerts.filter((a) => a.samples.some((sample) => FRAME.test(sample)));
    expect(describeAlerts(frameAlerts)).toBe('[]');
  });

  it('the failed payments are one high alert in payments naming the root cause', () => {
    const failed = reading.alerts.filter((a) => a.samples.some((s) => s.includes('Payment for order')));
    expect(failed.length, describeAlerts(reading.alerts)).toBe(1);
    expect(failed[0]!.service).toBe(MULTILINE_TAG);
    expect(failed[0]!.level).toBe('high');
    expect(failed[0]!.count).toBe(4);
    expect(`${failed[0]!.title}\n${failed[0]!.reason}`).toContain('SocketTimeoutException: Read timed out');
  });
});
