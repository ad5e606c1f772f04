import { promises as fsp, readlinkSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EngineStatus,
  REDACTED,
  StartRequest,
  type EventBatch,
  type StartRequestInput,
} from '../../core/contract';
import { AlertManager } from '../../core/alerts';
import { NodeHistoryFs, type HistoryFs } from '../../core/alerts/history-fs';
import { Engine, type EngineOptions } from '../../core/engine/engine';
import { EngineError } from '../../core/engine/errors';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { FakeModelPort } from './engine-fake-model-port';
import { loadRuleSet } from '../../core/rules';
import { FakeLogSource } from './engine-fake-source';

const SSH_FAILURE = 'Failed password for invalid user admin from 10.0.0.1 port 22 ssh2';
const DEMO: StartRequestInput = { source: 'demo', demo: { rate: 10, incidents: false } };

let dataDir: string;
let engine: Engine | null = null;
let source: FakeLogSource;

/** An engine whose timers never fire during a test (batches are flushed by close()). */
async function openEngine(overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  engine = await Engine.open({
    dataDir,
    models: new RulesOnlyModelPort('no model in unit tests'),
    createSource: () => source,
    tickMs: 3_600_000,
    eventIntervalMs: 3_600_000,
    ...overrides,
  });
  return engine;
}

async function startedEngine(overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  const e = await openEngine(overrides);
  await e.start(StartRequest.parse(DEMO));
  return e;
}

/** Resolves after the event loop has run a few turns: enough for any promise that is not blocked. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Paths of the files this process holds open (Linux). */
function openFiles(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      out.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed while listing
    }
  }
  return out;
}

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-engine-'));
  source = new FakeLogSource();
});

afterEach(async () => {
  await engine?.close();
  engine = null;
  await fsp.rm(dataDir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('Engine lifecycle', () => {
  it('starts the source, reports running, and refuses a second start with a conflict', async () => {
    const e = await startedEngine();
    expect(source.started).toBe(true);
    expect(e.status()).toMatchObject({ running: true, source: 'demo' });

    const second = e.start({ source: 'demo', demo: { rate: 10, incidents: false } });
    await expect(second).rejects.toBeInstanceOf(EngineError);
    await expect(second).rejects.toMatchObject({ code: 'conflict' });
    expect(source.startCalls).toBe(1);
  });

  it('stops the source and reports not running', async () => {
    const e = await startedEngine();
    const status = await e.stop();
    expect(status.running).toBe(false);
    expect(status.source).toBeNull();
    expect(status.config).toBeNull();
    expect(source.stopCalls).toBe(1);
    expect(e.status().running).toBe(false);
  });

  it('reports its health as stopped before a start and right after a stop, not healthy', async () => {
    const e = await openEngine();
    expect(e.status().health.status).toBe('stopped');
    await e.start({ source: 'demo', demo: { rate: 10, incidents: false } });
    expect(e.status().health.status).not.toBe('stopped');
    const stopped = await e.stop();
    expect(stopped.health).toEqual({
      status: 'stopped',
      reasons: expect.arrayContaining(['engine stopped: no logs are being analyzed']) as string[],
    });
  });

  it('turns a source that cannot start into an unavailable error and stays stopped', async () => {
    source.startError = new Error('broker 127.0.0.1:9 unreachable');
    const e = await openEngine();
    const start = e.start({ source: 'demo', demo: { rate: 10, incidents: false } });
    await expect(start).rejects.toMatchObject({ code: 'unavailable' });
    await expect(start).rejects.toThrow(/broker 127\.0\.0\.1:9 unreachable/);
    expect(source.stopCalls).toBe(1);
    expect(e.status().running).toBe(false);
  });

  it('recovers from a source factory that throws: the next start works', async () => {
    let fail = true;
    const e = await openEngine({
      createSource: () => {
        if (fail) throw new Error('bad source configuration');
        return source;
      },
    });
    await expect(e.start(StartRequest.parse(DEMO))).rejects.toThrow(/bad source configuration/);
    expect(e.status().running).toBe(false);
    fail = false;
    expect((await e.start(StartRequest.parse(DEMO))).running).toBe(true);
  });

  it('returns a status that validates against the contract, stopped and running', async () => {
    const e = await openEngine();
    expect(() => EngineStatus.parse(e.status())).not.toThrow();
    await e.start({ source: 'demo', demo: { rate: 10, incidents: false } });
    await source.deliver(source.messages(['user 1 logged in', '', SSH_FAILURE]));
    const running = EngineStatus.parse(e.status());
    expect(running.running).toBe(true);
    expect(running.config).toEqual({ source: 'demo', demo: { rate: 10, incidents: false } });
  });

  it('never shows the SASL password in the status', async () => {
    source = new FakeLogSource('kafka');
    const e = await openEngine();
    const status = await e.start({
      source: 'kafka',
      kafka: {
        brokers: ['127.0.0.1:9092'],
        clientId: 'vigil',
        groupId: 'vigil',
        topics: ['logs'],
        topicPattern: null,
        fromBeginning: false,
        sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' },
        tls: null,
      },
    });
    expect(JSON.stringify(status)).not.toContain('hunter2');
    expect(status.config?.source === 'kafka' && status.config.kafka.sasl?.password).toBe(REDACTED);
    expect(JSON.stringify(e.status())).not.toContain('hunter2');
  });
});

describe('Engine.processBatch', () => {
  it('counts processed logs', async () => {
    const e = await startedEngine();
    await source.deliver(source.messages(['user 1 logged in', 'user 2 logged in', 'job 3 done']));
    await source.deliver(source.messages(['job 4 done']));
    const stats = e.status().stats;
    expect(stats.processed).toBe(4);
    expect(stats.errors).toBe(0);
    expect(stats.dataQuality.total).toBe(0);
  });

  it("counts the monitored services' error logs apart from its own processing errors", async () => {
    let clock = 1_700_000_000_000;
    const e = await startedEngine({ now: () => clock });
    await source.deliver(
      source.messages([
        JSON.stringify({ level: 'error', msg: 'payment 1 failed' }),
        JSON.stringify({ level: 'info', msg: 'payment 2 done' }),
        JSON.stringify({ level: 'info', msg: 'payment 3 done' }),
        JSON.stringify({ level: 'info', msg: 'payment 4 done' }),
      ]),
    );
    clock += 2_000; // rates count complete seconds
    const stats = e.status().stats;
    expect(stats.errorLogRate).toBeCloseTo(0.25, 5);
    expect(stats.errorRate).toBe(0);
  });

  it('counts malformed messages as data-quality issues and errors, and keeps processing', async () => {
    const e = await startedEngine();
    const binary = Buffer.alloc(512);
    for (let i = 0; i < binary.length; i++) binary[i] = i % 7 === 0 ? 65 : i % 32; // mostly NUL and control bytes
    const huge = Buffer.alloc(2 * 1024 * 1024, 'a');
    await source.deliver(source.messages(['', null, binary, huge, 'user 1 logged in']));
    let stats = e.status().stats;
    expect(stats.processed).toBe(1);
    expect(stats.errors).toBe(4);
    expect(stats.dataQuality.byKind).toMatchObject({ empty: 2, binary: 1, oversized: 1 });
    expect(stats.dataQuality.total).toBe(4);

    await source.deliver(source.messages(['user 2 logged in']));
    stats = e.status().stats;
    expect(stats.processed).toBe(2);
    expect(stats.errors).toBe(4);
  });

  it('counts a batch whose classification failed as errors, resolves, and goes on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const models = new FakeModelPort();
    const e = await startedEngine({ models });
    const working = models.classify.bind(models);
    models.classify = () => Promise.reject(new Error('onnx session lost'));
    await source.deliver(source.messages(['user 1 logged in', 'job 2 done', 'disk sda failed']));
    expect(e.status().stats).toMatchObject({ processed: 0, errors: 3 });
    expect(String(errors.mock.calls[0]?.[0])).toContain('onnx session lost');

    models.classify = working;
    await source.deliver(source.messages(['user 3 logged in']));
    expect(e.status().stats).toMatchObject({ processed: 1, errors: 3 });
  });

  it('raises a security alert for a burst of failed logins', async () => {
    const e = await startedEngine();
    await source.deliver(source.messages(Array<string>(20).fill(SSH_FAILURE)));
    const alerts = e.listAlerts({});
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.some((a) => a.trigger === 'security')).toBe(true);
    expect(e.status().stats.countsByTrigger.security).toBeGreaterThan(0);
  });

  it('decides with the loaded rule pack, reports the rules in its status and keeps the provenance', async () => {
    const rules = loadRuleSet();
    const e = await startedEngine({ rules });
    expect(e.status().rules).toMatchObject({
      loaded: rules.rules.length + rules.sigma.length,
      refused: [],
      userDir: null,
    });
    await source.deliver(
      source.messages([
        'Mar  1 10:00:00 db1 kernel: [12000.000002] EXT4-fs (sda1): Remounting filesystem read-only',
      ]),
    );
    const [alert] = e.listAlerts({});
    expect(alert).toMatchObject({ level: 'critical', trigger: 'system_error' });
    expect(alert!.rule).toMatchObject({
      id: 'linux.fs-read-only',
      source: 'pack',
      file: 'linux-kernel.yaml',
    });
    expect(alert!.reason).toContain('fsck');
  });

  it('has persisted the alerts in the history under dataDir when the handler resolves', async () => {
    const e = await startedEngine();
    await source.deliver(source.messages(Array<string>(20).fill(SSH_FAILURE)));
    const ids = e.listAlerts({ trigger: ['security'] }).map((a) => a.id);
    expect(ids.length).toBeGreaterThan(0);
    const alertsDir = path.join(dataDir, 'alerts');
    const files = await fsp.readdir(alertsDir);
    const text = (await Promise.all(files.map((f) => fsp.readFile(path.join(alertsDir, f), 'utf8')))).join(
      '\n',
    );
    for (const id of ids) expect(text).toContain(id);
  });

  it('does not resolve the batch handler before the alert history write finishes', async () => {
    const gated = new GatedHistoryFs();
    const alertManager = await AlertManager.open(
      { dir: path.join(dataDir, 'alerts'), fs: gated },
      {},
      Date.now(),
    );
    const e = await startedEngine({ alertManager });

    gated.hold();
    let resolved = false;
    const handled = source.deliver(source.messages(Array<string>(20).fill(SSH_FAILURE))).then(() => {
      resolved = true;
    });
    await settle();
    expect(gated.waiting).toBeGreaterThan(0); // the engine is writing the alerts...
    expect(resolved).toBe(false); // ...and the source may not commit yet

    gated.release();
    await handled;
    expect(resolved).toBe(true);
    const journal = await fsp.readFile(path.join(dataDir, 'alerts', 'alerts-journal.jsonl'), 'utf8');
    const ids = e.listAlerts({}).map((a) => a.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(journal).toContain(id);
  });

  it('delivers the alerts and a live-tail sample to event listeners', async () => {
    const e = await startedEngine();
    const batches: EventBatch[] = [];
    e.onEvents((b) => batches.push(b));
    await source.deliver(source.messages([...Array<string>(20).fill(SSH_FAILURE), 'user 1 logged in']));
    await e.close(); // flushes the pending batch
    engine = null;
    const events = batches.flatMap((b) => b.events);
    const alerts = events.flatMap((ev) => (ev.type === 'alerts' ? ev.alerts : []));
    expect(alerts.some((a) => a.trigger === 'security')).toBe(true);
    const logs = events.find((ev) => ev.type === 'logs');
    expect(logs?.type === 'logs' && logs.logs.length + logs.dropped).toBe(21);
  });

  it('lists the templates it has seen', async () => {
    const e = await startedEngine();
    await source.deliver(source.messages(['job 1 done', 'job 2 done', 'disk sda failed']));
    const { patterns, total } = e.listPatterns({ limit: 10 });
    expect(patterns[0]).toMatchObject({ template: 'job <*> done', count: 2 });
    expect(patterns).toHaveLength(2);
    expect(total).toBe(2);
  });

  it('pages and filters the templates by text and service, with level mix and services', async () => {
    const e = await startedEngine();
    await source.deliver(source.messages(['job 1 done', 'job 2 done', 'disk sda failed']));
    const page = e.listPatterns({ limit: 1, offset: 1 });
    expect(page.patterns.map((p) => p.template)).toEqual(['disk sda failed']);
    expect(page.total).toBe(2);
    const byText = e.listPatterns({ text: 'JOB' });
    expect(byText.patterns.map((p) => p.template)).toEqual(['job <*> done']);
    const service = byText.patterns[0]!.services![0]!.value;
    expect(byText.patterns[0]!.services).toEqual([{ value: service, count: 2 }]);
    expect(Object.values(byText.patterns[0]!.levels!).reduce((a, b) => a + b, 0)).toBe(2);
    expect(e.listPatterns({ service }).total).toBe(2);
    expect(e.listPatterns({ service: 'no-such-service' }).total).toBe(0);
  });

  it('releases the alert journal file when closed', async () => {
    const e = await startedEngine();
    await source.deliver(source.messages(Array<string>(20).fill(SSH_FAILURE)));
    const journal = path.join(dataDir, 'alerts', 'alerts-journal.jsonl');
    await e.close();
    engine = null;
    expect(openFiles()).not.toContain(journal);
  });
});

/** The real file system, with journal appends that can be held back to observe ordering. */
class GatedHistoryFs implements HistoryFs {
  private readonly real = new NodeHistoryFs();
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  waiting = 0;

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }

  async append(file: string, text: string, sync: boolean): Promise<void> {
    if (this.gate) {
      this.waiting++;
      await this.gate;
    }
    return this.real.append(file, text, sync);
  }
  mkdirp(dir: string): Promise<void> {
    return this.real.mkdirp(dir);
  }
  readText(file: string): Promise<string | null> {
    return this.real.readText(file);
  }
  closeAppends(): Promise<void> {
    return this.real.closeAppends();
  }
  replace(file: string, text: string): Promise<void> {
    return this.real.replace(file, text);
  }
  truncate(file: string): Promise<void> {
    return this.real.truncate(file);
  }
  moveAside(file: string, to: string): Promise<void> {
    return this.real.moveAside(file, to);
  }
}
