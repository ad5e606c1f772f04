/**
 * Issue 19, standalone `workers: N`: the main engine's side over the real MessagePort, with the
 * threads' real PortEvidencePublisher and the threads' engines replaced by fakes (no Kafka here: the
 * broker tests are tests/integration/standalone-workers*.test.ts). A thread's batch is applied to the
 * one alert store and acknowledged before the thread commits; the same batch again is refused with
 * where to fetch from, and not committed; a message that does not validate is counted, and the
 * health says so; a thread that stops answering degrades the health, naming it; the live tail and
 * the history's batches (columns, checked) reach the main engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, EngineStatus, LiveLog, StartRequest } from '../../core/contract';
import { AlertManager } from '../../core/alerts';
import { alertIdOf } from '../../core/alerts/candidate';
import { MAX_SAMPLES, type Evidence } from '../../core/cluster/evidence';
import { foldEvidence } from '../../core/cluster/fold';
import type { EngineClient } from '../../core/engine/client';
import { PortEvidencePublisher } from '../../core/engine/standalone-workers/port-publisher';
import { withStandaloneThreads } from '../../core/engine/standalone-workers/standalone-status';
import { StandaloneThreads } from '../../core/engine/standalone-workers/standalone-threads';
import { columnsCsv, encodeBatch, transferables, type ColumnBatch } from '../../core/history/batch-columns';
import { ValueDictionary } from '../../core/history/dictionary';
import type { EngineWorkerOptions } from '../../core/engine/worker-protocol';
import { rawLines } from '../fixtures/loghub';
import { makeStatus } from './engine-fixtures';

const FAILURES = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));
const FINGERPRINT = 'security|ssh-brute-force|sshd';

/** The thread's local alert after `count` failures, as its engine's store would hold it. */
function localAlert(count: number): Alert {
  const lines = FAILURES.slice(0, count);
  const evidence: Evidence = {
    v: 1,
    fingerprint: FINGERPRINT,
    level: 'high',
    trigger: 'security',
    title: 'Failed sshd logins',
    reason: `${count} failed password attempts`,
    service: 'sshd',
    topic: 'logs',
    templateId: 't-ssh-failed',
    template: 'Failed password for <*> from <IP> port <NUM> ssh2',
    rule: null,
    count,
    firstSeen: 1000,
    lastSeen: 1000 + count,
    samples: lines.slice(0, MAX_SAMPLES).map((text, i) => ({ time: 1000 + i, text })),
  };
  return foldEvidence(null, evidence).alert;
}

interface FakeThread {
  publisher: PortEvidencePublisher;
  answersStatus: boolean;
}

const request: Extract<StartRequest, { source: 'kafka' }> = {
  source: 'kafka',
  kafka: {
    brokers: ['127.0.0.1:9'],
    clientId: 'vigil',
    groupId: 'vigil-test',
    topics: ['logs'],
    topicPattern: null,
    fromBeginning: true,
    sasl: null,
    tls: null,
  },
  workers: 2,
};

let running: StandaloneThreads[] = [];
afterEach(async () => {
  await Promise.all(running.map((t) => t.stop()));
  running = [];
});

async function start(history: { batches: ColumnBatch[] } | null = null) {
  const alerts = new AlertManager();
  const threads: FakeThread[] = [];
  const tail: LiveLog[] = [];
  const spawn = (options: EngineWorkerOptions): Promise<EngineClient> => {
    const spec = options.standaloneWorker!;
    const thread: FakeThread = { publisher: new PortEvidencePublisher(spec.port, 2000), answersStatus: true };
    threads.push(thread);
    const client = {
      call: (name: string) => {
        if (name === 'engine:status' && !thread.answersStatus)
          return Promise.reject(new Error('engine worker exited (code 1)'));
        const status: EngineStatus & { logPartitions: [] } = { ...makeStatus(7), logPartitions: [] };
        return Promise.resolve(status);
      },
      onEvents: () => () => undefined,
      close: () => {
        spec.port.close();
        return Promise.resolve();
      },
    };
    return Promise.resolve(client as unknown as EngineClient);
  };
  const standalone = await StandaloneThreads.start({
    engine: { dataDir: '/nonexistent' },
    request,
    workers: 2,
    alerts,
    now: () => 5000,
    history: history === null ? null : { offerColumns: (batch) => void history.batches.push(batch) },
    onTail: (logs) => tail.push(...logs),
    spawn,
  });
  running.push(standalone);
  return { alerts, thread: threads[0]!, standalone, tail };
}

describe('standalone threads over a MessagePort', () => {
  it('applies a batch before the thread commits, and refuses the same batch again', async () => {
    const { alerts, thread } = await start();
    const commits: string[] = [];
    thread.publisher.collect([localAlert(40)]);
    const first = await thread.publisher.commit('logs', 2, '120', '0', () => {
      commits.push('120');
      // The main engine has applied and journaled the evidence before the thread commits.
      expect(alerts.store.get(alertIdOf(FINGERPRINT))?.count).toBe(40);
      return Promise.resolve();
    });
    expect(first).toBeUndefined();
    expect(commits).toEqual(['120']);

    // The thread's next batch: its alert gained 25.
    thread.publisher.collect([localAlert(65)]);
    expect(
      await thread.publisher.commit('logs', 2, '200', '120', () => Promise.resolve(void commits.push('200'))),
    ).toBeUndefined();
    expect(alerts.store.get(alertIdOf(FINGERPRINT))?.count).toBe(65);

    // The same logs delivered again (say the commit of 200 was lost): refused, not committed, not counted.
    thread.publisher.collect([localAlert(90)]);
    expect(
      await thread.publisher.commit('logs', 2, '200', '120', () =>
        Promise.resolve(void commits.push('again')),
      ),
    ).toEqual({ refused: 'realigned', seekTo: '200' });
    expect(commits).toEqual(['120', '200']);
    expect(alerts.store.get(alertIdOf(FINGERPRINT))?.count).toBe(65);
    expect(thread.publisher.counters).toMatchObject({ batches: 2, refused: 1 });
  });

  it('counts a message that does not validate, and the health says so', async () => {
    const { thread, standalone } = await start();
    thread.publisher.post({
      type: 'evidence',
      id: 1,
      topic: 'logs',
      partition: -1,
      nextOffset: 'x',
      fetchedOffset: '0',
      evidence: [],
    } as never);
    await new Promise((r) => setTimeout(r, 50));
    expect(standalone.counters.invalid).toBe(1);
    const status = withStandaloneThreads(
      { ...makeStatus(), health: { status: 'healthy', reasons: [] } },
      standalone,
    );
    expect(status.health.status).toBe('degraded');
    expect(status.health.reasons.join(' ')).toContain('not applied (invalid or failed)');
  });

  it('names a thread that stops answering in the health, and merges the others’ figures', async () => {
    const { thread, standalone } = await start();
    await new Promise((r) => setTimeout(r, 50)); // the first poll
    const merged = withStandaloneThreads(makeStatus(3), standalone);
    expect(merged).toMatchObject({ workers: 2, stats: { processed: 10 } });
    thread.answersStatus = false;
    await new Promise((r) => setTimeout(r, 1200)); // the next poll (once a second)
    const failed = withStandaloneThreads(makeStatus(3), standalone);
    expect(failed.health.status).toBe('degraded');
    expect(failed.health.reasons.join(' ')).toContain('worker 2: engine worker exited');
  });

  it('passes the thread’s live tail and history batches to the main engine, refusing a batch whose ranges do not hold', async () => {
    const history = { batches: [] as ColumnBatch[] };
    const { thread, tail, standalone } = await start(history);
    const row: LiveLog = {
      time: 1,
      topic: 'logs',
      partition: 4,
      offset: '17',
      service: 'sshd',
      level: 'info',
      message: FAILURES[0]!,
      templateId: 't1',
      severity: 'warning',
      category: 'security',
    };
    thread.publisher.post({ type: 'tail', logs: [row], dropped: 3 });
    const records = [0, 1, 2].map((i) => ({
      time: 1000 + i,
      topic: 'auth',
      partition: 4,
      offset: String(17 + i),
      service: 'sshd',
      host: null,
      level: 'info' as const,
      message: FAILURES[i % FAILURES.length]!,
      fields: {},
      format: 'plain' as const,
    }));
    const analyses = records.map(() => ({
      templateId: 't1',
      template: '',
      params: [],
      severity: 'warning' as const,
      category: 'security' as const,
      scores: { severity: {}, category: {} },
      classifiedBy: 'rules' as const,
    }));
    const good = encodeBatch({ records, analyses, alertIds: null, ingested: 5 });
    const bad = encodeBatch({ records, analyses, alertIds: null, ingested: 5 });
    bad.messageEnds[1] = bad.bytes.length + 10; // a range past its bytes: columnsCsv would read beyond
    thread.publisher.post({ type: 'history', batch: good }, transferables(good));
    thread.publisher.post({ type: 'history', batch: bad });
    await new Promise((r) => setTimeout(r, 50));
    expect(tail).toEqual([row]);
    expect(history.batches.map((b) => [b.rows, b.dicts[1]])).toEqual([[3, ['sshd']]]);
    expect(columnsCsv(history.batches[0]!, new ValueDictionary()).toString('utf8')).toContain('"17",0,,3,');
    expect(standalone.counters.invalid).toBe(1);
  });
});
