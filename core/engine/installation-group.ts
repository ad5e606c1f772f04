/**
 * The consumer group a standalone Vigil uses when the user names none: one per installation
 * (`vigil-<host>-<random>`), created once and kept in `<dataDir>/installation.json`. Two desktops on
 * one cluster then each read every partition instead of silently sharing them in the old common
 * group `vigil`; naming a group in Settings shares the work on purpose.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { roleOf, type StartRequest } from '../contract';
import { clusterGroups } from '../cluster/topics';
import { EngineError } from './errors';

export const INSTALLATION_FILE = 'installation.json';
const GROUP_PATTERN = /^vigil-[A-Za-z0-9._-]{1,64}-[0-9a-f]{8}$/;

/** `vigil-<host>-<8 hex>`, the host reduced to characters every Kafka tool accepts. */
export function newInstallationGroup(host = hostname(), random = randomBytes(4).toString('hex')): string {
  const safeHost = host.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64) || 'host';
  return `vigil-${safeHost}-${random}`;
}

async function readGroup(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const group = (JSON.parse(text) as { consumerGroup?: unknown }).consumerGroup;
    if (typeof group === 'string' && GROUP_PATTERN.test(group)) return group;
  } catch {
    // reported below
  }
  console.error(`vigil: ${path} does not hold a valid consumer group; a new installation group replaces it`);
  return null;
}

/** This installation's consumer group, created (atomically: temp file and rename) on first use. */
export async function installationGroup(dataDir: string): Promise<string> {
  const path = join(dataDir, INSTALLATION_FILE);
  const existing = await readGroup(path);
  if (existing !== null) return existing;
  const group = newInstallationGroup();
  await mkdir(dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ consumerGroup: group }, null, 2)}\n`, 'utf8');
  await rename(temp, path);
  return group;
}

/** The request with its consumer group decided: the user's, else this installation's. */
export async function withConsumerGroup(request: StartRequest, dataDir: string): Promise<StartRequest> {
  if (request.source !== 'kafka' || request.kafka.groupId !== undefined) return request;
  return { ...request, kafka: { ...request.kafka, groupId: await installationGroup(dataDir) } };
}

/**
 * This installation's id, `<host>-<8 hex>` (its group without the `vigil-` prefix): stable across
 * restarts, so an analyzer's transactional ids fence its own earlier process (docs/scaling.md).
 */
export async function installationId(dataDir: string): Promise<string> {
  return (await installationGroup(dataDir)).slice('vigil-'.length);
}

/**
 * What the engine starts, with its consumer group decided: standalone, the user's group else this
 * installation's; an analyzer, its cluster's analyzers' group (any other is replaced: analyzers of
 * one cluster must share one group); a console reads no log topic.
 */
export async function prepareStart(asked: StartRequest, dataDir: string): Promise<StartRequest> {
  const role = roleOf(asked);
  if (asked.source === 'kafka' && asked.cluster !== undefined && role === 'analyzer')
    return { ...asked, kafka: { ...asked.kafka, groupId: clusterGroups(asked.cluster).logs } };
  if (role === 'console') return asked;
  try {
    return await withConsumerGroup(asked, dataDir);
  } catch (error) {
    throw new EngineError(
      'unavailable',
      `could not keep this installation's consumer group: ${(error as Error).message}`,
    );
  }
}
