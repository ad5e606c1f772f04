/**
 * Standalone `workers: N` (issue 19): the main engine applies another thread's evidence to its one
 * alert store exactly once. Offsets are journaled with the alerts they brought (the classic
 * exactly-once trick), so a batch applied before a crash and read again after it (its Kafka commit
 * never happened) is refused, never counted twice; also after a compaction wrote the snapshot.
 * Evidence comes from the real "Failed password" lines of the Loghub OpenSSH sample.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../../core/alerts';
import { AppliedOffsets } from '../../core/alerts/applied-offsets';
import { alertIdOf } from '../../core/alerts/candidate';
import { MAX_SAMPLES, type Evidence } from '../../core/cluster/evidence';
import {
  applyThreadBatch,
  decideBatch,
  type ThreadBatch,
} from '../../core/engine/standalone-workers/apply-evidence';
import { Gate, partitionsOf, unapplied } from '../../core/engine/standalone-workers/main-gate';
import type { RawMessage } from '../../core/ingest/source';
import { rawLines } from '../fixtures/loghub';

const FAILURES = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));
const FINGERPRINT = 'security|ssh-brute-force|sshd';
const ID = alertIdOf(FINGERPRINT);
/** The installation's consumer group: applied offsets are per group. */
const G = 'vigil-host-1a2b3c4d';

function evidence(lines: string[], at: number): Evidence {
  return {
    v: 1,
    fingerprint: FINGERPRINT,
    level: 'high',
    trigger: 'security',
    title: 'Failed sshd logins',
    reason: `${lines.length} failed password attempts`,
    service: 'sshd',
    topic: 'logs',
    templateId: 't-ssh-failed',
    template: 'Failed password for <*> from <IP> port <NUM> ssh2',
    rule: null,
    count: lines.length,
    firstSeen: at,
    lastSeen: at + lines.length - 1,
    samples: lines.slice(0, MAX_SAMPLES).map((text, i) => ({ time: at + i, text })),
  };
}

const batch = (fetched: number, next: number, lines: string[]): ThreadBatch => ({
  topic: 'logs',
  partition: 3,
  fetchedOffset: String(fetched),
  nextOffset: String(next),
  evidence: lines.length === 0 ? [] : [evidence(lines, 1_000 + fetched)],
});

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

async function open(dir: string, maxJournalBytes?: number): Promise<AlertManager> {
  const history = {
    dir,
    sync: 'never' as const,
    ...(maxJournalBytes === undefined ? {} : { maxJournalBytes }),
  };
  return AlertManager.open(history, {}, 0);
}

const message = (partition: number, offset: number): RawMessage => ({
  topic: 'logs',
  partition,
  offset: String(offset),
  timestamp: 0,
  key: null,
  value: Buffer.from(FAILURES[offset % FAILURES.length]!),
});

describe('decideBatch', () => {
  it('applies a batch past the applied offset, refuses one at or below it, and an overlap', () => {
    expect(decideBatch(null, { fetchedOffset: '0', nextOffset: '10' })).toEqual({ outcome: 'applied' });
    expect(decideBatch(10n, { fetchedOffset: '10', nextOffset: '20' })).toEqual({ outcome: 'applied' });
    expect(decideBatch(10n, { fetchedOffset: '12', nextOffset: '20' })).toEqual({ outcome: 'applied' });
    expect(decideBatch(10n, { fetchedOffset: '0', nextOffset: '10' })).toEqual({
      outcome: 'duplicate',
      seekTo: '10',
    });
    expect(decideBatch(10n, { fetchedOffset: '5', nextOffset: '15' })).toEqual({
      outcome: 'overlap',
      seekTo: '10',
    });
    // int64 offsets beyond a double's precision compare exactly
    expect(
      decideBatch(9007199254740993n, { fetchedOffset: '9007199254740992', nextOffset: '9007199254740993' }),
    ).toMatchObject({ outcome: 'duplicate' });
  });
});

describe('applyThreadBatch', () => {
  for (const [name, maxJournalBytes] of [
    ['journal', undefined],
    ['snapshot (every write compacts)', 1],
  ] as const) {
    it(`counts each batch once, across a crash between the journal and the commit (${name})`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'vigil-sw-apply-'));
      dirs.push(dir);
      expect(FAILURES.length).toBeGreaterThanOrEqual(100);
      const first = FAILURES.slice(0, 60);
      const second = FAILURES.slice(60, 100);

      const manager = await open(dir, maxJournalBytes);
      expect(await applyThreadBatch(manager, G, batch(0, 100, first), 5)).toEqual({ outcome: 'applied' });
      expect(manager.store.get(ID)?.count).toBe(60);
      expect(manager.store.get(ID)?.incidentId).not.toBeNull(); // placed like a recorded alert
      // The thread's commit did not happen: the batch comes again, from this thread or another.
      expect(await applyThreadBatch(manager, G, batch(0, 100, first), 6)).toEqual({
        outcome: 'duplicate',
        seekTo: '100',
      });
      expect(await applyThreadBatch(manager, G, batch(50, 150, FAILURES.slice(50, 100)), 6)).toEqual({
        outcome: 'overlap',
        seekTo: '100',
      });
      expect(manager.store.get(ID)?.count).toBe(60);
      expect(await applyThreadBatch(manager, G, batch(100, 200, second), 7)).toEqual({ outcome: 'applied' });
      expect(manager.store.get(ID)?.count).toBe(100);
      expect(manager.store.get(ID)?.samples.length).toBe(MAX_SAMPLES);
      await manager.close();

      // A crash after the journal line, before the Kafka commit: the state and its offsets reload together.
      const again = await open(dir, maxJournalBytes);
      expect(again.store.get(ID)?.count).toBe(100);
      expect(again.applied.get(G, 'logs', 3)).toBe(200n);
      expect(again.applied.get(G, 'logs', 4)).toBeNull();
      expect(await applyThreadBatch(again, G, batch(100, 200, second), 8)).toMatchObject({
        outcome: 'duplicate',
      });
      expect(await applyThreadBatch(again, G, batch(200, 230, FAILURES.slice(0, 30)), 9)).toEqual({
        outcome: 'applied',
      });
      expect(again.store.get(ID)?.count).toBe(130);
      expect(again.historyStatus()?.loadProblems).toEqual([]);
      await again.close();
    });
  }

  it('reopens a resolved alert and adds to it (the fold keeps counting), with an empty batch moving the offset', async () => {
    const manager = new AlertManager();
    await applyThreadBatch(manager, G, batch(0, 10, FAILURES.slice(0, 10)), 1);
    manager.act({ id: ID, action: 'resolve' }, 2);
    expect(manager.store.get(ID)?.status).toBe('resolved');
    await applyThreadBatch(manager, G, batch(10, 20, FAILURES.slice(10, 15)), 3);
    expect(manager.store.get(ID)).toMatchObject({ status: 'open', count: 15 });
    expect(await applyThreadBatch(manager, G, batch(20, 30, []), 4)).toEqual({ outcome: 'applied' });
    expect(manager.applied.get(G, 'logs', 3)).toBe(30n);
  });
});

describe('applied offsets are per consumer group', () => {
  it('lets another group read the same logs afresh (a new group from the beginning counts again)', async () => {
    const manager = new AlertManager();
    await applyThreadBatch(manager, G, batch(0, 100, FAILURES.slice(0, 10)), 1);
    expect(await applyThreadBatch(manager, G, batch(0, 100, FAILURES.slice(0, 10)), 2)).toMatchObject({
      outcome: 'duplicate',
    });
    expect(await applyThreadBatch(manager, 'another-group', batch(0, 100, FAILURES.slice(0, 10)), 3)).toEqual(
      {
        outcome: 'applied',
      },
    );
    expect(manager.store.get(ID)?.count).toBe(20);
    const applied = new AppliedOffsets();
    applied.advance([G, 'logs', 1, '50']);
    expect(unapplied(applied, 'another-group', [message(1, 3)]).kept).toHaveLength(1);
  });
});

describe('unapplied (the main engine thread own batches)', () => {
  it('keeps what no thread applied and says which offsets the kept logs reach', () => {
    const applied = new AppliedOffsets();
    applied.advance([G, 'logs', 1, '5']);
    const batch = [0, 1, 2, 3, 4, 5, 6].map((o) => message(1, o));
    const { kept, offsets } = unapplied(applied, G, batch);
    expect(kept.map((m) => m.offset)).toEqual(['5', '6']);
    expect(offsets).toEqual([[G, 'logs', 1, '7']]);
  });

  it('keeps a whole batch of an unknown partition or one past the applied offset', () => {
    const applied = new AppliedOffsets();
    applied.advance([G, 'logs', 1, '5']);
    const batch = [...[8, 9].map((o) => message(1, o)), ...[0, 1].map((o) => message(2, o))];
    const { kept, offsets } = unapplied(applied, G, batch);
    expect(kept).toHaveLength(4);
    expect(offsets).toEqual([
      [G, 'logs', 1, '10'],
      [G, 'logs', 2, '2'],
    ]);
  });

  it('drops a batch applied whole, with no offsets to journal', () => {
    const applied = new AppliedOffsets();
    applied.advance([G, 'logs', 1, '50']);
    expect(
      unapplied(
        applied,
        G,
        [3, 4].map((o) => message(1, o)),
      ),
    ).toEqual({ kept: [], offsets: [] });
  });
});

describe('Gate (per log partition)', () => {
  it('runs steps of one partition one after another, and other partitions side by side', async () => {
    const gate = new Gate();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = gate.run(['logs\u00001'], async () => {
      order.push('p1 first: start');
      await held;
      order.push('p1 first: end');
    });
    const second = gate.run(['logs\u00001'], () => {
      order.push('p1 second');
      return Promise.resolve();
    });
    const other = gate.run(['logs\u00002'], () => {
      order.push('p2');
      return Promise.resolve();
    });
    await other;
    expect(order).toEqual(['p1 first: start', 'p2']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['p1 first: start', 'p2', 'p1 first: end', 'p1 second']);
    await new Promise((r) => setTimeout(r, 0));
    expect(gate.size).toBe(0); // nothing kept once settled
  });

  it('keeps going after a failed step', async () => {
    const gate = new Gate();
    await expect(gate.run(['k'], () => Promise.reject(new Error('disk')))).rejects.toThrow('disk');
    await expect(gate.run(['k'], () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('names the partitions of a batch', () => {
    const m = (partition: number): RawMessage => ({
      topic: 'logs',
      partition,
      offset: '0',
      timestamp: 0,
      key: null,
      value: null,
    });
    expect(partitionsOf([m(1), m(1), m(2), m(1)])).toEqual(['logs\u00001', 'logs\u00002']);
  });
});
