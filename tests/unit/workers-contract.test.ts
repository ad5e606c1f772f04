/**
 * `workers: N` (issue 19 item 3): an analyzer runs N engine threads, N defaulting to the cores;
 * standalone and consoles run one and refuse more with a reason; REST carries the field.
 */
import { describe, expect, it } from 'vitest';
import { KafkaConfig, MAX_WORKERS, StartRequest } from '../../core/contract';
import { workerAnalyzerId, workerStart, workersOf } from '../../core/engine/workers/spec';
import { parseRealTimeBody } from '../../core/host/real-time';

const brokers = ['127.0.0.1:9092'];
const issues = (input: unknown) =>
  StartRequest.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('workers in the start request', () => {
  it('accepts workers for an analyzer, and workers 1 for standalone', () => {
    const analyzer = { source: 'kafka', kafka: { brokers }, role: 'analyzer', cluster: 'a', workers: 2 };
    expect(StartRequest.parse(analyzer)).toMatchObject({ workers: 2 });
    expect(StartRequest.parse({ source: 'kafka', kafka: { brokers }, workers: 1 })).toMatchObject({
      workers: 1,
    });
  });

  it('accepts workers > 1 for standalone (a private in-process cluster), refuses it for a console', () => {
    expect(StartRequest.parse({ source: 'kafka', kafka: { brokers }, workers: 2 })).toMatchObject({
      workers: 2,
    });
    expect(
      issues({ source: 'kafka', kafka: { brokers }, role: 'console', cluster: 'a', workers: 3 }),
    ).toEqual(['workers: a console analyzes nothing: workers applies to the analyzer and standalone roles']);
    // The demo source accepts it and runs one engine thread (workersOf).
    expect(issues({ source: 'demo', workers: 2 })).toEqual([]);
    expect(workersOf(StartRequest.parse({ source: 'demo', workers: 2 }), 8)).toBe(1);
  });

  it('refuses a count that is not a whole number from 1 to the maximum', () => {
    for (const workers of [0, -1, 1.5, MAX_WORKERS + 1, '2'])
      expect(
        issues({ source: 'kafka', kafka: { brokers }, role: 'analyzer', cluster: 'a', workers }),
      ).toHaveLength(1);
  });
});

describe('how many threads a start runs', () => {
  const start = (input: unknown) => StartRequest.parse(input);

  it('runs the asked count, else the cores for an analyzer, else one', () => {
    const analyzer = { source: 'kafka', kafka: { brokers }, role: 'analyzer', cluster: 'a' };
    expect(workersOf(start({ ...analyzer, workers: 3 }), 2)).toBe(3);
    expect(workersOf(start(analyzer), 2)).toBe(2);
    expect(workersOf(start(analyzer), 16)).toBe(16);
    expect(workersOf(start(analyzer), 500)).toBe(MAX_WORKERS);
    expect(workersOf(start({ source: 'kafka', kafka: { brokers } }), 8)).toBe(1);
    expect(workersOf(start({ source: 'demo' }), 8)).toBe(1);
  });

  it('names each thread after the analyzer and joins the cluster log group', () => {
    expect(workerAnalyzerId('host-1', 2)).toBe('host-1-w2');
    const kafka = KafkaConfig.parse({ brokers, topics: ['logs'] });
    expect(workerStart({ kafka, cluster: 'team-a', analyzerId: 'x', index: 1 })).toEqual({
      source: 'kafka',
      kafka: { ...kafka, groupId: 'vigil.team-a.analyzers' },
    });
  });
});

describe('workers over REST', () => {
  it('passes workers into the start request and lets the contract judge it', () => {
    const body = {
      operation: 'start',
      role: 'analyzer',
      cluster: 'team-a',
      brokers,
      topics: ['logs'],
      workers: 2,
    };
    const parsed = parseRealTimeBody(body);
    expect(parsed.ok && parsed.value.request).toMatchObject({ role: 'analyzer', workers: 2 });
    const standalone = parseRealTimeBody({ operation: 'start', brokers, workers: 2 });
    if (!standalone.ok || standalone.value.command !== 'engine:start') throw new Error('parsed expected');
    expect(StartRequest.parse(standalone.value.request)).toMatchObject({ source: 'kafka', workers: 2 });
    const console = parseRealTimeBody({
      operation: 'start',
      role: 'console',
      cluster: 'a',
      brokers,
      workers: 2,
    });
    if (!console.ok || console.value.command !== 'engine:start') throw new Error('parsed expected');
    expect(StartRequest.safeParse(console.value.request).success).toBe(false);
    expect(parseRealTimeBody({ operation: 'start', brokers, workers: 0 }).ok).toBe(false);
  });
});
