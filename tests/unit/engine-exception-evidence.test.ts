/**
 * Exceptions are evidence (issue 15), and the last step of the service fallback: the exception a log carries reaches the template, the
 * analyze result's record and the alert's title and reason, and a whole stack trace is normal
 * data (no data-quality complaint). Uses the Log4j 2 ECS fixture, whose trace text is real
 * OpenJDK output (tests/fixtures/producers/log4j2-ecs).
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyzeResult, StartRequest } from '../../core/contract';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { loadProducerCases } from '../fixtures/producers';
import { FakeLogSource } from './engine-fake-source';

const ecsCases = loadProducerCases().filter((c) => c.shape === 'log4j2-ecs');
const withTrace = ecsCases.find((c) => c.name.startsWith('EcsLayout.json'))!;
const eightyFrames = ecsCases.find((c) => c.name.startsWith('an 80-frame'))!;

let dataDir: string;
let engine: Engine;
let source: FakeLogSource;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-exception-'));
  source = new FakeLogSource();
  engine = await Engine.open({
    dataDir,
    models: new RulesOnlyModelPort('no model in unit tests'),
    createSource: () => source,
    tickMs: 3_600_000,
    eventIntervalMs: 3_600_000,
  });
});

afterEach(async () => {
  await engine.close();
  await fsp.rm(dataDir, { recursive: true, force: true });
});

describe('exceptions are evidence', () => {
  it('shows what was understood beside the analysis, and mines the root cause into the template', async () => {
    const [result] = await engine.analyzeLogs([withTrace.value]);
    const r = AnalyzeResult.parse(result);
    expect(r.record).toMatchObject({
      service: 'com.acme.payments.ChargeService',
      level: 'error',
      message: 'Charge failed for order 1842',
      format: 'json',
      producer: 'log4j2-ecs',
      error: {
        type: 'java.lang.IllegalStateException',
        rootCause: 'java.net.SocketTimeoutException: Read timed out',
      },
    });
    expect(r.template).toContain('SocketTimeoutException: Read timed out');
    expect(r.template).not.toContain('at Pay.');
  });

  it('groups 40 timeouts into one alert named after the root cause, with no data-quality complaint', async () => {
    await engine.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    await source.deliver(source.messages(Array<string>(40).fill(eightyFrames.value)));
    const status = engine.status();
    expect(status.stats.processed).toBe(40);
    expect(status.stats.dataQuality.total).toBe(0);
    const alerts = engine.listAlerts({});
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.count).toBe(40);
    expect(alerts[0]!.title).toBe(
      'SocketTimeoutException: Read timed out in com.acme.payments.ChargeService',
    );
    expect(alerts[0]!.reason).toContain('caused by java.net.SocketTimeoutException: Read timed out');
  });

  it('keeps a log without an exception titled by its template', async () => {
    const [result] = await engine.analyzeLogs(['{"level":"error","service":"api","msg":"disk sda failed"}']);
    expect(AnalyzeResult.parse(result).record.error).toBeNull();
    await engine.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    await source.deliver(source.messages(['{"level":"error","service":"api","msg":"disk sda failed"}']));
    expect(engine.listAlerts({})[0]!.title).toMatch(/ in api: disk/);
  });
});

describe('service fallback', () => {
  it('attributes a streamed log that names no service to its topic', async () => {
    await engine.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    await source.deliver(source.messages(['ERROR disk sda failed'], 'storage-logs'));
    expect(engine.listAlerts({})[0]!.service).toBe('storage-logs');
  });
});

describe('continuation lines in the stream', () => {
  it('analyzes a trace sent line by line as one log, counting every message as processed', async () => {
    const trace = String(JSON.parse(withTrace.value)['error.stack_trace']).trimEnd().split('\n');
    const lines = ['ERROR Charge failed for order 1842', ...trace].map(
      (line) => `<131>Dec  4 22:34:24 vm payments[12]: ${line}`,
    );
    await engine.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    await source.deliver(source.messages(lines));
    expect(engine.status().stats.processed).toBe(lines.length);
    const alerts = engine.listAlerts({});
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('SocketTimeoutException: Read timed out in payments');
  });
});
