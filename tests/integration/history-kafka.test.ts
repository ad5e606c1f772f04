/**
 * The local history against the real broker, through the REST API of the real host: logs consumed
 * from Kafka are stored, found by `POST /api/logs/query` (text and service) and counted per minute
 * by `POST /api/logs/histogram`; after the engine and host are closed and started again on the same
 * data folder (a host restart), the same search finds the same logs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineStatus, LogHistogram, LogQueryResult } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { createEngine } from '../../core/engine/create';
import { startHostServer, type HostServer } from '../../core/host/server';
import { loghubDir } from '../fixtures/loghub';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, uniqueName, withProducer } from '../harness/kafka-fixtures';

const TOKEN = `history-it-${Date.now().toString(36)}-0123456789`;
const brokers = testBrokers();
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-history-kafka-'));
let engine: EngineClient | null = null;
let server: HostServer | null = null;

async function startHost(): Promise<HostServer> {
  engine = await createEngine({ dataDir });
  server = await startHostServer({
    engine,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    rendererDir: join(dataDir, 'no-ui'),
  });
  return server;
}

async function stopHost(): Promise<void> {
  await server?.close();
  await engine?.close();
  server = null;
  engine = null;
}

afterAll(async () => {
  await stopHost();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(
  host: HostServer,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${host.origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

function loghub(system: string): string[] {
  return readFileSync(join(loghubDir(), system, `${system}_2k.log`), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '');
}

describe('history over Kafka', () => {
  it('stores consumed logs, searches them by text and service, and keeps them across a host restart', async () => {
    const sshTopic = uniqueName('history-ssh');
    const hdfsTopic = uniqueName('history-hdfs');
    await createTopics(brokers, [sshTopic, hdfsTopic], 2);
    const ssh = loghub('OpenSSH');
    const hdfs = loghub('HDFS');
    await withProducer(brokers, async (producer) => {
      await producer.send({ topic: sshTopic, acks: -1, messages: ssh.map((value) => ({ value })) });
      await producer.send({ topic: hdfsTopic, acks: -1, messages: hdfs.map((value) => ({ value })) });
    });

    let host = await startHost();
    const started = await post(host, '/api/ml/real_time', {
      operation: 'start',
      topics: [sshTopic, hdfsTopic],
      brokers,
      groupId: uniqueName('history-group'),
      fromBeginning: true,
    });
    expect(started.status).toBe(200);
    await eventually('every log processed', async () => {
      const status = EngineStatus.parse(
        (await post(host, '/api/ml/real_time', { operation: 'status' })).body,
      );
      return status.stats.processed >= ssh.length + hdfs.length;
    });
    await post(host, '/api/ml/real_time', { operation: 'stop' });

    // The service the parser reads from these syslog lines (the program, sshd), asked of the engine.
    const analyzed = (await engine!.call('analyze', { logs: [ssh[0]!] })).results[0]!;
    const service = analyzed.record.service!;
    expect(service).toBeTruthy();
    const search = { from: 0, to: Date.now() + 3_600_000, service, text: 'failed password for', limit: 1000 };
    const expected = ssh.filter((line) => line.toLowerCase().includes('failed password for')).length;
    expect(expected).toBeGreaterThan(0);
    let found: LogQueryResult | null = null;
    await eventually('the history holds the batch', async () => {
      const res = await post(host, '/api/logs/query', search);
      found = LogQueryResult.parse(res.body);
      return found.total === expected;
    });
    for (const log of found!.logs) {
      expect(log.service).toBe(service);
      expect(log.topic).toBe(sshTopic);
      expect(log.message.toLowerCase()).toContain('failed password for');
    }
    // The HDFS sample's own service has no such line.
    const hdfsService = (await engine!.call('analyze', { logs: [hdfs[0]!] })).results[0]!.record.service!;
    expect(hdfsService).not.toBe(service);
    const none = LogQueryResult.parse(
      (await post(host, '/api/logs/query', { ...search, service: hdfsService })).body,
    );
    expect(none.total).toBe(0);
    // The histogram spans at most 7 days: ask for the days these lines carry (the syslog lines' own time).
    const times = found!.logs.map((l) => l.time);
    const span = { ...search, from: Math.min(...times), to: Math.max(...times) };
    const histogram = LogHistogram.parse((await post(host, '/api/logs/histogram', span)).body);
    expect(histogram.total).toBe(expected);

    const bad = await post(host, '/api/logs/query', { from: 0, to: 1, limit: 100_000 });
    expect(bad.status).toBe(400);

    await stopHost();
    host = await startHost();
    const again = LogQueryResult.parse((await post(host, '/api/logs/query', search)).body);
    expect(again.total).toBe(expected);
    expect(again.logs.map((l) => `${l.partition}:${l.offset}`)).toEqual(
      found!.logs.map((l) => `${l.partition}:${l.offset}`),
    );
  });
});
