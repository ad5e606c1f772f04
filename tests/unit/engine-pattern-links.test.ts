/**
 * Through the engine and its command dispatch: a pattern opens by id whatever page it falls on
 * (`patterns:list` with `templateId`), and lists every alert of the store that holds it
 * (`patterns:alerts`), including alerts that do not carry it as their own `templateId`.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatternAlerts, PatternPage, StartRequest } from '../../core/contract';
import { templateIdsOf } from '../../core/alerts/alert-location';
import { dispatch } from '../../core/engine/dispatch';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { loadRuleSet } from '../../core/rules';
import { rawLines } from '../fixtures/loghub';
import { FakeLogSource } from './engine-fake-source';

let dataDir: string;
let engine: Engine | null = null;
let source: FakeLogSource;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-pattern-links-'));
  source = new FakeLogSource();
});

afterEach(async () => {
  await engine?.close();
  engine = null;
  await fsp.rm(dataDir, { recursive: true, force: true });
});

/** An engine with the shipped rule pack, fed the OpenSSH sample (real lines). */
async function fedEngine(): Promise<Engine> {
  engine = await Engine.open({
    dataDir,
    models: new RulesOnlyModelPort('no model in unit tests'),
    createSource: () => source,
    rules: loadRuleSet({ sigmaDir: null }),
    tickMs: 3_600_000,
    eventIntervalMs: 3_600_000,
  });
  await engine.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
  await source.deliver(source.messages(rawLines('OpenSSH'), 'syslog'));
  return engine;
}

describe('patterns you can reach, through the engine', () => {
  it('opens any pattern by id, even one far past the first page', async () => {
    const e = await fedEngine();
    const all = e.listPatterns({ limit: 5000 });
    expect(all.total).toBeGreaterThan(10);
    const rare = all.patterns[all.patterns.length - 1]!;
    expect(e.listPatterns({ limit: 5 }).patterns.map((p) => p.templateId)).not.toContain(rare.templateId);
    const one = PatternPage.parse(await dispatch(e, 'patterns:list', { templateId: rare.templateId }));
    expect(one.patterns).toEqual([rare]);
    expect(one.total).toBe(1);
    expect(e.listPatterns({ templateId: 'no-such-template' })).toEqual({ patterns: [], total: 0 });
  });

  it('lists for a pattern every alert that holds its template, rule alerts included', async () => {
    const e = await fedEngine();
    const alerts = e.listAlerts({ limit: 5000 });
    const byRule = alerts.find((a) => a.title.startsWith('Possible brute-force'));
    expect(byRule).toBeDefined();
    let foreign = 0;
    for (const templateId of templateIdsOf(byRule!)) {
      const answer = PatternAlerts.parse(await dispatch(e, 'patterns:alerts', { templateId }));
      expect(answer.alerts.map((a) => a.id)).toContain(byRule!.id);
      const expected = alerts.filter((a) => templateIdsOf(a).includes(templateId));
      expect(answer.total).toBe(expected.length);
      foreign += answer.alerts.filter((a) => a.templateId !== templateId).length;
    }
    // The link the renderer had (alert.templateId === pattern) misses these.
    expect(foreign).toBeGreaterThan(0);
  });

  it('refuses a request without a template id, or with an unknown key', async () => {
    const e = await fedEngine();
    await expect(dispatch(e, 'patterns:alerts', {})).rejects.toThrow(/templateId/);
    await expect(dispatch(e, 'patterns:alerts', { templateId: 't', from: 0 })).rejects.toThrow(/from/);
  });
});
