/**
 * A/B model testing end to end through the real broker and the REST API, with the real engine:
 * 1. two variants of the shipped model (its severity bias on `error` raised by 2 and by 0.8: one
 *    over-alerts more than the other) split by template; Loghub lines of six systems without a
 *    producer level (the models decide their severity) are consumed from Kafka; every alert an arm
 *    raised gets the verdict the repository's curated category labels give its sample line
 *    (tests/fixtures/loghub-verdicts.ts), through `POST /api/alerts/{id}/verdict`; the engine then
 *    promotes the arm with the significantly lower noise rate on its own, and logs why.
 * 2. a deliberately broken candidate (bias +100: every line an error), promoted by hand, is rolled
 *    back automatically once it breaks its error bound.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Alert, Experiment, ModelStatus, RegisteredModel } from '../../core/contract';
import { rawLines } from '../fixtures/loghub';
import { verdictsByLine } from '../fixtures/loghub-verdicts';
import { modelsWithVariants, SHIPPED_MODEL_ID } from '../fixtures/model-variants';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, uniqueName, withProducer } from '../harness/kafka-fixtures';
import { useEngineHost } from './support/engine-host';

const SYSTEMS = ['Linux', 'Mac', 'Thunderbird', 'HPC', 'HealthApp', 'Proxifier'];
const brokers = testBrokers();
const modelsDir = modelsWithVariants({ over: 2, lean: 0.8, broken: 100 });
const topic = uniqueName('ab-logs');

beforeAll(() => createTopics(brokers, [topic], 1));
// After hooks run last-registered first: the models folder goes once the engine has closed.
afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));
const host = useEngineHost('ab', { modelsDir });
const dataDir = host.dataDir;

const api = (method: 'GET' | 'POST', path: string, body?: unknown) =>
  host.request(method, `/api${path}`, body);

async function processed(): Promise<number> {
  const status = (await api('GET', '/ml/real_time')).body as { stats: { processed: number } };
  return status.stats.processed;
}

async function produce(systems: readonly string[]): Promise<number> {
  let count = 0;
  await withProducer(brokers, async (producer) => {
    for (const system of systems) {
      const lines = rawLines(system);
      count += lines.length;
      await producer.send({ topic, acks: -1, messages: lines.map((value) => ({ value })) });
    }
  });
  return count;
}

describe('A/B model testing through Kafka and the REST API', () => {
  let first: Experiment;

  it('lists the models folder with each variant verified', async () => {
    const res = await api('GET', '/models');
    expect(res.status).toBe(200);
    const listing = ModelStatus.extend({ models: RegisteredModel.array() }).parse(res.body);
    expect(listing.active?.id).toBe(SHIPPED_MODEL_ID());
    expect(listing.models.map((m) => [m.ref, m.verified, m.active])).toEqual([
      [SHIPPED_MODEL_ID(), true, true],
      ['over', true, false],
      ['lean', true, false],
      ['broken', true, false],
    ]);
  });

  it('promotes the arm with the lower noise rate automatically, from verdicts given through the API', async () => {
    const created = await api('POST', '/experiments', {
      name: 'over-vs-lean',
      arms: ['over', 'lean'],
      split: { by: 'template' },
      // 2 shared cores: the latency bound is loose here; the figures are logged with the decision.
      auto: { enabled: true, minVerdicts: 20, maxLatencyRatio: 5 },
    });
    expect(created.status).toBe(200);
    first = Experiment.parse(created.body);
    expect(first.state).toBe('running');

    const total = await produce(SYSTEMS);
    const started = await api('POST', '/ml/real_time', {
      operation: 'start',
      topics: [topic],
      brokers,
      groupId: uniqueName('ab-group'),
      fromBeginning: true,
    });
    expect(started.status).toBe(200);
    await eventually(`${total} logs processed`, async () => (await processed()) >= total, 180_000);

    const running = Experiment.parse((await api('GET', `/experiments/${first.id}`)).body);
    const [over, lean] = running.arms;
    expect(over!.logs + lean!.logs).toBe(total);
    // Shadow: every message scored by both arms, and they disagree on some severities.
    expect(lean!.compared).toBeGreaterThan(0);
    expect(lean!.agreement!.severity).toBeLessThan(1);
    expect(over!.classes.severity!.error!).toBeGreaterThan(lean!.classes.severity!.error ?? 0);

    // The engineer: a verdict on every alert an arm raised, from the labels of its sample line.
    const verdicts = verdictsByLine(SYSTEMS);
    const alerts = Alert.array().parse(
      ((await api('GET', '/alerts?limit=5000')).body as { alerts: unknown }).alerts,
    );
    const given = { over: { useful: 0, noise: 0 }, lean: { useful: 0, noise: 0 } };
    for (const alert of alerts) {
      if (alert.arm !== 'over' && alert.arm !== 'lean') continue;
      const verdict = verdicts.get(alert.samples[0] ?? '');
      if (verdict === undefined) continue;
      const res = await api('POST', `/alerts/${alert.id}/verdict`, { verdict });
      expect(res.status).toBe(200);
      expect(Alert.parse(res.body).verdict).toMatchObject({ verdict, arm: alert.arm });
      given[alert.arm][verdict]++;
    }
    console.log(`verdicts given: ${JSON.stringify(given)}`);
    const noiseRate = (g: { useful: number; noise: number }) => g.noise / (g.useful + g.noise);
    expect(noiseRate(given.lean)).toBeLessThan(noiseRate(given.over));

    await eventually('the automatic promotion', async () => {
      const ex = Experiment.parse((await api('GET', `/experiments/${first.id}`)).body);
      return ex.state === 'promoted';
    });
    const promoted = Experiment.parse((await api('GET', `/experiments/${first.id}`)).body);
    expect(promoted.promoted).toBe('lean');
    expect(promoted.arms.map((a) => a.verdicts.useful + a.verdicts.noise)).toEqual([
      given.over.useful + given.over.noise,
      given.lean.useful + given.lean.noise,
    ]);
    const decision = promoted.decisions.at(-1)!;
    console.log(`decision: ${JSON.stringify(decision)}`);
    expect(decision).toMatchObject({ action: 'promote', by: 'auto', arm: 'lean' });
    expect(decision.figures.pValue as number).toBeLessThan(0.05);
    expect(decision.figures.candidateNoiseRate as number).toBeLessThan(
      decision.figures.controlNoiseRate as number,
    );

    // Verdicts are in the on-disk alert journal, with their arm.
    const journal = readdirSync(join(dataDir, 'alerts'))
      .map((f) => readFileSync(join(dataDir, 'alerts', f), 'utf8'))
      .join('\n');
    expect(journal).toMatch(
      /"verdict":\{"verdict":"(useful|noise)","at":\d+,"who":"[^"]+","arm":"(over|lean)"\}/,
    );
  });

  it('rolls a broken candidate back automatically when it breaks its error bound', async () => {
    expect((await api('POST', `/experiments/${first.id}/stop`, {})).status).toBe(200);
    const created = await api('POST', '/experiments', {
      name: 'shipped-vs-broken',
      arms: [SHIPPED_MODEL_ID(), 'broken'],
      split: { by: 'percent', weights: [90, 10] },
      auto: { minWatchLogs: 500 },
    });
    expect(created.status).toBe(200);
    const second = Experiment.parse(created.body);
    const promote = await api('POST', `/experiments/${second.id}/promote`, { arm: 'broken' });
    expect(promote.status).toBe(200);
    expect(Experiment.parse(promote.body)).toMatchObject({ state: 'promoted', promoted: 'broken' });

    const before = await processed();
    const more = await produce(['Linux']);
    await eventually(
      `${more} more logs processed`,
      async () => (await processed()) >= before + more,
      120_000,
    );
    await eventually('the automatic rollback', async () => {
      const ex = Experiment.parse((await api('GET', `/experiments/${second.id}`)).body);
      return ex.state === 'rolled-back';
    });
    const rolledBack = Experiment.parse((await api('GET', `/experiments/${second.id}`)).body);
    const decision = rolledBack.decisions.at(-1)!;
    console.log(`decision: ${JSON.stringify(decision)}`);
    expect(decision).toMatchObject({ action: 'rollback', by: 'auto', arm: 'broken' });
    expect(decision.reason).toMatch(/^error rate 1 exceeds its bound/);
    // A rollback is also one action by hand; this one is already done, so it is refused.
    const again = await api('POST', `/experiments/${second.id}/rollback`, {});
    expect(again.status).toBe(409);
    const list = (await api('GET', '/experiments')).body as { experiments: Experiment[] };
    expect(list.experiments.map((e) => [e.id, e.state])).toEqual([
      [second.id, 'rolled-back'],
      [first.id, 'stopped'],
    ]);
    await api('POST', '/ml/real_time', { operation: 'stop' });
  });
});
