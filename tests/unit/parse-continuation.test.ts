/**
 * Stack frames sent as separate messages rejoin their first line (core/parse/continuation.ts).
 * The trace texts are real output: OpenJDK's printStackTrace and CPython's traceback, as kept in
 * the producer fixtures.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../core/contract';
import { parseMessage } from '../../core/parse';
import {
  joinContinuations,
  MAX_JOINED_LINES,
  RAW_START_OTHER,
  RAW_START_SPACE,
  RAW_START_TAB,
} from '../../core/parse/continuation';
import { LOGHUB_SYSTEMS, rawLines } from '../fixtures/loghub';
import { loadProducerCases } from '../fixtures/producers';

const cases = loadProducerCases();
const ecs = JSON.parse(cases.find((c) => c.shape === 'log4j2-ecs')!.value) as Record<string, string>;
const JAVA_TRACE = ecs['error.stack_trace']!.trimEnd().split('\n');
const py = JSON.parse(cases.find((c) => c.shape === 'structlog')!.value) as Record<string, string>;
// Blank lines are no messages (a shipper sends none, or the parser counts them as empty).
const PY_TRACE = py.exception!.split('\n').filter((line) => line !== '');

let offset = 0;
function parse(values: string[]): { records: LogRecord[]; blank: number[] } {
  const records: LogRecord[] = [];
  const blank: number[] = [];
  for (const value of values) {
    const outcome = parseMessage({
      topic: 'app',
      partition: 0,
      offset: String(offset++),
      timestamp: Date.UTC(2026, 11, 4),
      key: null,
      value: Buffer.from(value),
    });
    if (!outcome.ok) throw new Error(outcome.issue.detail);
    records.push(outcome.record);
    blank.push(
      value.startsWith('\t') ? RAW_START_TAB : value.startsWith(' ') ? RAW_START_SPACE : RAW_START_OTHER,
    );
  }
  return { records, blank };
}

const syslog = (line: string) => `<131>Dec  4 22:34:24 vm payments[12]: ${line}`;

describe('joining continuation lines', () => {
  it('rejoins a Java trace sent line by line over syslog, and reads its root cause', () => {
    const { records, blank } = parse([
      syslog('ERROR Charge failed for order 1842'),
      ...JAVA_TRACE.map(syslog),
      syslog('INFO next request'),
    ]);
    const joined = joinContinuations(records, blank);
    expect(joined).toHaveLength(2);
    expect(joined[0]!.message.split('\n')).toHaveLength(1 + JAVA_TRACE.length);
    expect(joined[0]!.fields['log.joined_lines']).toBe(1 + JAVA_TRACE.length);
    expect(joined[0]!.error).toMatchObject({
      type: 'java.lang.IllegalStateException',
      rootCause: 'java.net.SocketTimeoutException: Read timed out',
    });
    expect(joined[1]!.message).toBe('INFO next request');
  });

  it('rejoins a Python traceback sent as plain lines (kcat reading a file)', () => {
    const { records, blank } = parse(['2026-12-04 22:34:24,034 ERROR price refresh failed', ...PY_TRACE]);
    const joined = joinContinuations(records, blank);
    expect(joined).toHaveLength(1);
    expect(joined[0]!.error).toEqual({
      type: 'RuntimeError',
      message: 'could not load the price list',
      rootCause: 'ConnectionRefusedError: [Errno 111] Connection refused',
    });
  });

  it('leaves ordinary lines, other sources and repeated exception lines apart', () => {
    const { records, blank } = parse([
      syslog('java.net.ConnectException: Connection refused'),
      syslog('java.net.ConnectException: Connection refused'),
      '<131>Dec  4 22:34:24 vm other[9]: \tat Pay.call(Pay.java:4)',
      syslog('user 42 logged in'),
      syslog('user 43 logged in'),
    ]);
    const joined = joinContinuations(records, blank);
    expect(joined).toBe(records); // nothing joined: the same array, no copy
    expect(joined).toHaveLength(5);
  });

  it('bounds a group by lines: the rest starts a new record', () => {
    const frames = Array.from({ length: MAX_JOINED_LINES + 5 }, (_, i) => syslog(`\tat A.f${i}(A.java:1)`));
    const { records, blank } = parse([syslog('ERROR deep recursion'), ...frames]);
    const joined = joinContinuations(records, blank);
    expect(joined).toHaveLength(2);
    expect(joined[0]!.message.split('\n')).toHaveLength(MAX_JOINED_LINES);
  });
});

describe('no false joins', () => {
  it('joins none of the 32,000 one-line Loghub logs of 16 systems', () => {
    for (const system of LOGHUB_SYSTEMS) {
      const lines = rawLines(system).filter((line) => line.trim() !== '');
      const { records, blank } = parse(lines);
      expect(joinContinuations(records, blank).length, system).toBe(records.length);
    }
  });
});

describe('real rsyslog output is never joined', () => {
  it('keeps repeated sudo lines (indented by sudo itself) and JSON template lines apart', () => {
    const real = loadProducerCases().filter((c) => c.origin.startsWith('real client: rsyslogd'));
    expect(real.length).toBeGreaterThan(5);
    const values = real.flatMap((c) => [c.value, c.value]);
    const { records, blank } = parse(values);
    expect(joinContinuations(records, blank)).toBe(records);
  });
});

describe('a Go panic sent line by line', () => {
  it('rejoins the panic, its signal line and the goroutine dump', () => {
    const panic = cases.find((c) => c.shape === 'go-panic')!.value;
    const lines = panic.split('\n').filter((line) => line !== '' && line !== 'exit status 2');
    const { records, blank } = parse(lines.map(syslog));
    const joined = joinContinuations(records, blank);
    expect(joined).toHaveLength(1);
    expect(joined[0]!.level).toBe('error'); // the PRI (local0.err) is the producer's level over syslog
    expect(joined[0]!.error).toEqual({
      type: 'panic',
      message: 'runtime error: invalid memory address or nil pointer dereference',
      rootCause: 'invalid memory address or nil pointer dereference',
    });
  });
});
