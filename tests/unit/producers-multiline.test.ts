/**
 * The multi-line fixture (a Log4j PatternLayout file shipped line by line by rsyslog imfile,
 * tests/fixtures/producers/scenario-multiline.ts): its event ranges are the split of its messages
 * at the pattern's header lines, and every message, frames included, parses without a data-quality
 * complaint (a stack frame is normal data).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../core/parse';
import { MULTILINE_DIR, REAL_DIR } from '../fixtures/producers/real-fixtures';
import {
  eventsOf,
  multilinePlan,
  MULTILINE_CASE,
  type MultilineEvent,
} from '../fixtures/producers/scenario-multiline';

const base = path.join(REAL_DIR, MULTILINE_DIR, MULTILINE_CASE);
const lines = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const values = lines(`${base}.jsonl`).map((l) =>
  Buffer.from((JSON.parse(l) as { value: string }).value, 'utf8'),
);
const events = lines(`${base}.events.jsonl`).map((l) => JSON.parse(l) as MultilineEvent);

describe('multi-line fixture: rsyslog imfile shipping a Log4j PatternLayout file', () => {
  it('its events are the split of its messages at the header lines, covering every message once', () => {
    expect(eventsOf(values, multilinePlan())).toEqual(events);
    expect(events[0]!.first).toBe(0);
    expect(events.at(-1)!.last).toBe(values.length - 1);
    events.slice(1).forEach((event, i) => expect(event.first).toBe(events[i]!.last + 1));
  });

  it('every message, stack frames included, parses without a data-quality complaint', () => {
    const complaints = values.flatMap((value, i) => {
      const outcome = parseMessage({
        topic: 'files',
        partition: 0,
        offset: String(i),
        timestamp: 0,
        key: null,
        value,
      });
      return outcome.ok
        ? outcome.warnings.map((w) => `#${i}: ${w.kind}`)
        : [`#${i}: rejected as ${outcome.issue.kind}`];
    });
    expect(complaints).toEqual([]);
  });
});
