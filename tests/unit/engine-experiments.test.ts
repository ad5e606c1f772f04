/**
 * The engine's side of A/B model testing, with the real engine and real ONNX models: the registry
 * beside the status, streamed logs decided by the arms while ad-hoc `analyze` requests stay with the
 * active model, verdicts counted for the alert's arm, and errors with the contract's codes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../core/engine/client';
import { createEngine } from '../../core/engine/create';
import type { Engine } from '../../core/engine/engine';
import { modelsWithVariants, SHIPPED_MODEL_ID } from '../fixtures/model-variants';

const modelsDir = modelsWithVariants({ eager: 3 });
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-engine-ab-'));
let client: EngineClient & { engine: Engine };

beforeAll(async () => {
  client = await createEngine({ dataDir, modelsDir });
});
afterAll(async () => {
  await client.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(modelsDir, { recursive: true, force: true });
});

const LINES = [
  'kernel: EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0',
  'cron[311]: (root) CMD (run-parts /etc/cron.hourly)',
  'app[12]: connection to db-1 lost, retrying in 5 s',
  'app[12]: request handled in 12 ms',
];

describe('engine experiments', () => {
  it('lists the registry beside the model status', async () => {
    const listing = await client.call('models:list', {});
    expect(listing.active?.id).toBe(SHIPPED_MODEL_ID());
    expect(listing.models.map((m) => [m.ref, m.verified])).toEqual([
      [SHIPPED_MODEL_ID(), true],
      ['eager', true],
    ]);
  });

  it('arms decide streamed logs and raise alerts with their arm; analyze requests stay with the active model', async () => {
    const ex = await client.call('experiments:create', {
      arms: [SHIPPED_MODEL_ID(), 'eager'],
      split: { by: 'percent', weights: [0, 100] },
    });
    const analyzed = await client.call('analyze', { logs: LINES });
    expect(analyzed.results).toHaveLength(LINES.length);
    expect((await client.call('experiments:get', { id: ex.id })).arms.map((a) => a.logs)).toEqual([0, 0]);

    await client.engine.processBatch(
      LINES.map((line, i) => ({
        topic: 'logs',
        partition: 0,
        offset: String(i),
        timestamp: Date.now(),
        key: null,
        value: Buffer.from(line),
      })),
    );
    const report = await client.call('experiments:get', { id: ex.id });
    expect(report.arms.map((a) => a.logs)).toEqual([0, LINES.length]);
    // Shadow: the control scored the same messages, though it decided none.
    expect(report.arms[1]!.compared).toBe(LINES.length);
    const { alerts } = await client.call('alerts:list', {});
    const armed = alerts.filter((a) => a.arm === 'eager');
    expect(armed.length).toBeGreaterThan(0);
    expect(report.arms[1]!.alerts.total).toBe(armed.length);

    const judged = await client.call('alerts:verdict', { id: armed[0]!.id, verdict: 'noise' });
    expect(judged.verdict).toMatchObject({ verdict: 'noise', arm: 'eager' });
    const after = await client.call('experiments:get', { id: ex.id });
    expect(after.arms[1]!.verdicts).toEqual({ useful: 0, noise: 1, noiseRate: 1 });
    await client.call('experiments:act', { id: ex.id, action: 'stop' });
  });

  it('answers unknown experiments and alerts with not_found, a second experiment with conflict', async () => {
    await expect(client.call('experiments:get', { id: 'ex-none' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(client.call('alerts:verdict', { id: 'al-none', verdict: 'useful' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      client.call('experiments:create', { arms: [SHIPPED_MODEL_ID(), 'nope'], split: {} }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const ex = await client.call('experiments:create', { arms: [SHIPPED_MODEL_ID(), 'eager'], split: {} });
    await expect(
      client.call('experiments:create', { arms: [SHIPPED_MODEL_ID(), 'eager'], split: {} }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(client.call('experiments:act', { id: ex.id, action: 'rollback' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await client.call('experiments:act', { id: ex.id, action: 'stop' });
  });
});
