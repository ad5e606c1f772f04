/**
 * The silent split (issue 19): a Kafka start without a named group uses this installation's own group,
 * created once in the data folder and the same on every later start; a named group is kept as is; a
 * damaged file is reported and replaced, never a crash.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StartRequest } from '../../core/contract';
import { Engine } from '../../core/engine/engine';
import {
  INSTALLATION_FILE,
  installationGroup,
  newInstallationGroup,
  withConsumerGroup,
} from '../../core/engine/installation-group';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { FakeLogSource } from './engine-fake-source';

let dataDir: string;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-install-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fsp.rm(dataDir, { recursive: true, force: true });
});

const kafkaStart = (groupId?: string) =>
  StartRequest.parse({
    source: 'kafka',
    kafka: { brokers: ['127.0.0.1:9092'], topics: ['logs'], ...(groupId ? { groupId } : {}) },
  });

function groupOf(request: StartRequest): string | undefined {
  return request.source === 'kafka' ? request.kafka.groupId : undefined;
}

describe('installation consumer group', () => {
  it('names the host and a random part, with only characters Kafka tools accept', () => {
    expect(newInstallationGroup('build box/7', '0a1b2c3d')).toBe('vigil-build-box-7-0a1b2c3d');
    expect(newInstallationGroup('', 'ffffffff')).toBe('vigil-host-ffffffff');
    expect(newInstallationGroup()).toMatch(/^vigil-[A-Za-z0-9._-]+-[0-9a-f]{8}$/);
    expect(newInstallationGroup('h', undefined)).not.toBe(newInstallationGroup('h', undefined));
  });

  it('is created once in the data folder and is the same on every later start', async () => {
    const first = await installationGroup(dataDir);
    expect(first).toMatch(/^vigil-.+-[0-9a-f]{8}$/);
    expect(first).not.toBe('vigil');
    const stored = JSON.parse(await fsp.readFile(path.join(dataDir, INSTALLATION_FILE), 'utf8')) as unknown;
    expect(stored).toEqual({ consumerGroup: first });
    expect(await installationGroup(dataDir)).toBe(first);
    expect(groupOf(await withConsumerGroup(kafkaStart(), dataDir))).toBe(first);
  });

  it('differs between two installations (two data folders)', async () => {
    const other = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-install-'));
    try {
      expect(await installationGroup(other)).not.toBe(await installationGroup(dataDir));
    } finally {
      await fsp.rm(other, { recursive: true, force: true });
    }
  });

  it('keeps a group the user named, and leaves demo starts alone', async () => {
    expect(groupOf(await withConsumerGroup(kafkaStart('team-shared'), dataDir))).toBe('team-shared');
    const demo = StartRequest.parse({ source: 'demo' });
    expect(await withConsumerGroup(demo, dataDir)).toBe(demo);
    await expect(fsp.stat(path.join(dataDir, INSTALLATION_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('reports and replaces a damaged file instead of failing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fsp.writeFile(path.join(dataDir, INSTALLATION_FILE), '{"consumerGroup": "vigil"}');
    const group = await installationGroup(dataDir);
    expect(group).toMatch(/^vigil-.+-[0-9a-f]{8}$/);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('does not hold a valid consumer group'));
    expect(await installationGroup(dataDir)).toBe(group);
  });

  it('is what the engine starts its Kafka source with, and what its status reports', async () => {
    const seen: StartRequest[] = [];
    const engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      createSource: (request) => {
        seen.push(request);
        return new FakeLogSource('kafka');
      },
      tickMs: 3_600_000,
      eventIntervalMs: 3_600_000,
    });
    try {
      const status = await engine.start(kafkaStart());
      const group = await installationGroup(dataDir);
      expect(groupOf(seen[0]!)).toBe(group);
      expect(status.config?.source === 'kafka' && status.config.kafka.groupId).toBe(group);
    } finally {
      await engine.close();
    }
  });
});
