/**
 * Issue 17 items 2 and 3: when onnxruntime-node's native binding cannot load (no binary for this
 * platform, as on an Intel Mac with onnxruntime-node 1.30, or a wrong architecture), the engine
 * must still start, classify by keyword rules and say why in health. Here the module throws on
 * load exactly as Node does when the binding is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../core/engine/create';
import { openModelPort } from '../../core/engine/model-port-impl';

vi.mock('onnxruntime-node', () => {
  throw new Error(
    "Cannot find module '../bin/napi-v6/darwin/x64/onnxruntime_binding.node' (simulated: no binary for this platform)",
  );
});

const MODELS = join(__dirname, '../../models');
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-no-ort-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('onnxruntime-node that cannot load', () => {
  it('leaves the model port on keyword rules with the reason', async () => {
    const port = await openModelPort(MODELS);
    try {
      expect(port.unavailableReason()).toMatch(/onnxruntime-node cannot be loaded on \w+\/\w+/);
      const out = await port.classify(['Failed password for invalid user <*> from <*> port <*> ssh2']);
      expect(out.by).toBe('rules');
      expect(out.results).toHaveLength(1);
    } finally {
      await port.close();
    }
  });

  it('lets the engine start and report it in health', async () => {
    const client = await createEngine({ dataDir, modelsDir: MODELS, engine: { tickMs: 20 } });
    try {
      // Health is evaluated on the engine's tick.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const status = await client.call('engine:status', {});
      expect(status.health.status).not.toBe('healthy');
      expect((await client.call('models:status', {})).active).toBeNull();
      expect(JSON.stringify(status.health)).toContain('onnxruntime-node cannot be loaded');
      expect(JSON.stringify(status.health)).toContain('keyword rules');
      const analyzed = await client.call('analyze', {
        logs: ['sshd[42]: Failed password for invalid user admin from 203.0.113.9 port 22 ssh2'],
      });
      expect(analyzed.results).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
