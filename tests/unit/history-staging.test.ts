/**
 * The history writer's staging (core/history/writer.ts, store.ts) on real DuckDB: analyzed batches
 * are appended to a staging file, sealed every `loadRows` rows (a batch cut at the boundary) and
 * loaded as whole groups (a DuckDB row group by default, which stays out of its WAL), everything
 * when the oldest waited long enough (a timer, without any further batch), or on flush; batches keep being staged
 * while a load runs, up to a bound past which they are dropped and counted; while the engine catches
 * up a backlog loads wait (analysis first) until it caught up or half the bound is staged; a staging file a stopped
 * run left behind is loaded at the next open, and a torn one keeps its readable rows, with a reason
 * in health.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, LogRecord } from '../../core/contract';
import { HistoryWriter, type HistoryWriterOptions } from '../../core/history';
import { ROW_GROUP_ROWS } from '../../core/history/writer';
import { columnsCsv, encodeBatch } from '../../core/history/batch-columns';
import { ValueDictionary } from '../../core/history/dictionary';

let dir: string;
let writer: HistoryWriter | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-history-staging-'));
});
afterEach(async () => {
  await writer?.close();
  writer = null;
  rmSync(dir, { recursive: true, force: true });
});

const record = (offset: number): LogRecord => ({
  time: 1000 + offset,
  topic: 'app',
  partition: 0,
  offset: String(offset),
  service: 'svc',
  host: 'h1',
  level: 'info',
  message: `request ${offset} served`,
  fields: {},
  format: 'plain',
});
const analysis: Analysis = {
  templateId: 'T1',
  template: 'request <*> served',
  params: [],
  severity: 'info',
  category: 'normal',
  scores: { severity: {}, category: {} },
  classifiedBy: 'rules',
};
const batch = (from: number, n: number): LogRecord[] => Array.from({ length: n }, (_, i) => record(from + i));
/** One batch's staged CSV as the history's thread writes it, coded by `dictionary`. */
const stagedCsv = (from: number, n: number, dictionary: ValueDictionary): Buffer => {
  const rows = batch(from, n).map((r, i) => ({ ...r, service: `svc-${(from + i) % 3}` }));
  return columnsCsv(
    encodeBatch({ records: rows, analyses: rows.map(() => analysis), alertIds: null, ingested: 5000 }),
    dictionary,
  );
};
const settle = (ms = 150): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function open(options: Partial<HistoryWriterOptions> = {}): Promise<HistoryWriter> {
  writer = await HistoryWriter.open({
    dir,
    maxAgeMs: 3_600_000,
    maxBytes: 1024 ** 3,
    now: () => 5000,
    ...options,
  });
  return writer;
}

function offer(w: HistoryWriter, records: LogRecord[]): void {
  w.offer(
    records,
    records.map(() => analysis),
    null,
    5000,
  );
}

describe('history staging', () => {
  it('loads whole groups of loadRows once they are staged, not before, cutting a batch at the boundary', async () => {
    const w = await open({ loadRows: 5, loadDelayMs: 60_000 });
    offer(w, batch(0, 3));
    await settle();
    expect(await w.store.count()).toBe(0);
    expect(w.pending()).toBe(3);
    offer(w, batch(3, 3)); // rows 0-4 make a group; row 5 starts the next
    await settle();
    expect(await w.store.count()).toBe(5);
    expect(w.pending()).toBe(1);
    expect(w.state().storedLogs).toBe(5);
    offer(w, batch(6, 9)); // 1 + 9: two more groups
    await settle();
    expect(await w.store.count()).toBe(15);
    expect(w.pending()).toBe(0);
    const stored = await w.store.query({ from: 0, to: 1e13, limit: 100 });
    expect(stored.logs.map((l) => Number(l.offset)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 15 }, (_, i) => i),
    );
  });

  it("loads a whole row group straight into DuckDB's file, where fewer rows go through its WAL", async () => {
    const walBytes: Record<string, number> = {};
    for (const loadRows of [ROW_GROUP_ROWS, 20_000]) {
      const loaded = Math.floor(ROW_GROUP_ROWS / loadRows) * loadRows;
      const w = await open({ loadRows, loadDelayMs: 60_000 });
      // One load at a time (sealed files waiting together load in one statement).
      for (let n = 0; n < loaded; n += loadRows) {
        offer(w, batch(n, loadRows));
        for (let waited = 0; (await w.store.count()) < n + loadRows && waited < 100; waited++)
          await settle(50);
      }
      expect(await w.store.count()).toBe(loaded);
      walBytes[loadRows] = existsSync(`${w.store.file}.wal`) ? statSync(`${w.store.file}.wal`).size : 0;
      await w.close();
      writer = null;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
    }
    // Six loads of 20,000 rows logged row by row in the WAL (small enough that DuckDB does not
    // checkpoint at their commit instead), against one row group written to the file: a few
    // block references in the WAL.
    expect(walBytes[20_000]).toBeGreaterThan(2_000_000);
    expect(walBytes[ROW_GROUP_ROWS]).toBeLessThan(walBytes[20_000]! / 20);
  });

  it('stores a value past the dictionary cap as null, and health says so', async () => {
    const w = await open({ maxCodes: 2 });
    const records = batch(0, 6).map((r, i) => ({ ...r, service: `svc-${i % 3}` }));
    w.offer(
      records,
      records.map(() => analysis),
      null,
      5000,
    );
    await w.flush();
    await settle(50); // the thread's note follows its write
    const logs = (await w.store.query({ from: 0, to: 1e13, limit: 100 })).logs;
    expect(logs.map((l) => `${l.offset}:${l.service}`).sort()).toEqual([
      '0:svc-0',
      '1:svc-1',
      '2:null',
      '3:svc-0',
      '4:svc-1',
      '5:null',
    ]);
    expect(w.state().reason).toBe(
      'history: a column passed 2 distinct values; newer values are stored as null (1 met so far)',
    );
    expect(w.state().storedLogs).toBe(6);
  });

  it('keeps the alert ids of a batch cut at a group boundary on their own rows', async () => {
    const w = await open({ loadRows: 4, loadDelayMs: 60_000 });
    const records = batch(0, 7);
    w.offer(
      records,
      records.map(() => analysis),
      new Map([
        [1, 'a-first'],
        [5, 'a-second'],
      ]),
      5000,
    );
    await w.flush();
    const logs = (await w.store.query({ from: 0, to: 1e13, limit: 100 })).logs;
    const alerted = Object.fromEntries(logs.filter((l) => l.alertId).map((l) => [l.offset, l.alertId]));
    expect(alerted).toEqual({ '1': 'a-first', '5': 'a-second' });
    expect(logs).toHaveLength(7);
  });

  it('seals batches another thread encoded once they hold loadRows, uncut', async () => {
    const w = await open({ loadRows: 4, loadDelayMs: 60_000 });
    const columns = (from: number, n: number) => {
      const rows = batch(from, n);
      return encodeBatch({
        records: rows,
        analyses: rows.map(() => analysis),
        alertIds: null,
        ingested: 5000,
      });
    };
    w.offerColumns(columns(0, 3));
    await settle();
    expect(await w.store.count()).toBe(0);
    w.offerColumns(columns(3, 3)); // 6 rows: past 4, sealed whole
    await settle();
    expect(await w.store.count()).toBe(6);
    expect(w.pending()).toBe(0);
  });

  it('keeps staging while a load runs, and drops past its bound with a count', async () => {
    const w = await open({ loadRows: 3, maxQueuedLogs: 8, loadDelayMs: 60_000 });
    offer(w, batch(0, 3)); // due: its load starts now
    offer(w, batch(3, 3)); // staged in a new file while the first loads
    expect(w.pending()).toBe(6);
    offer(w, batch(6, 3)); // 9 would pass the bound of 8
    expect(w.state().dropped).toBe(3);
    await w.flush();
    expect(await w.store.count()).toBe(6);
    expect(w.state()).toMatchObject({ storedLogs: 6, dropped: 3 });
    expect(w.state().reason).toMatch(/behind: 3 logs not stored/);
  });

  it('while the engine catches up a backlog, loads wait until it caught up or half the bound is staged', async () => {
    const w = await open({ loadRows: 3, maxQueuedLogs: 20, loadDelayMs: 50 });
    w.noteBacklog(1000);
    offer(w, batch(0, 3));
    offer(w, batch(3, 3));
    await settle(300); // past loadDelayMs too
    expect(await w.store.count()).toBe(0);
    expect(w.pending()).toBe(6);
    w.noteBacklog(0); // caught up
    await settle();
    expect(await w.store.count()).toBe(6);

    w.noteBacklog(1000);
    offer(w, batch(6, 6));
    offer(w, batch(12, 3)); // 9 staged: under half of 20
    await settle();
    expect(await w.store.count()).toBe(6);
    offer(w, batch(15, 3)); // 12: half the bound passed, loads go on despite the backlog
    await settle();
    expect(await w.store.count()).toBe(18);
    expect(w.state().dropped).toBe(0);
  });

  it('loads what waited loadDelayMs even when no further batch comes', async () => {
    const w = await open({ loadRows: 1000, loadDelayMs: 100 });
    offer(w, batch(0, 2));
    await settle(50);
    expect(await w.store.count()).toBe(0);
    await settle(400);
    expect(await w.store.count()).toBe(2);
  });

  it('closes twice without waiting for a thread that ended (the engine and its owner both close it)', async () => {
    const w = await open();
    offer(w, batch(0, 2));
    await w.close();
    await w.close();
    writer = null;
  });

  it('flush stores everything staged', async () => {
    const w = await open({ loadRows: 1000, loadDelayMs: 60_000 });
    offer(w, batch(0, 4));
    await w.flush();
    expect(await w.store.count()).toBe(4);
    expect(existsSync(join(dir, 'incoming.csv'))).toBe(false);
  });

  it('loads at open what a stopped run left staged', async () => {
    const dictionary = new ValueDictionary();
    writeFileSync(join(dir, 'incoming.csv'), stagedCsv(0, 3, dictionary));
    writeFileSync(join(dir, 'dict-incoming.csv'), dictionary.takeNew());
    const w = await open();
    expect(await w.store.count()).toBe(3);
    expect(w.store.opened.recovered).toEqual({ rows: 3, lost: false });
    expect(w.state().storedLogs).toBe(3);
    expect(w.state().reason).toBeNull();
    expect(existsSync(join(dir, 'incoming.csv'))).toBe(false);
    const logs = (await w.store.query({ from: 0, to: 1e13, limit: 100 })).logs;
    expect(logs.map((l) => `${l.offset} ${l.topic} ${l.service} ${l.host} ${l.templateId}`).sort()).toEqual([
      '0 app svc-0 h1 T1',
      '1 app svc-1 h1 T1',
      '2 app svc-2 h1 T1',
    ]);
  });

  it("loads at open the sealed files, the open file and an earlier build's loading.csv a stopped run left", async () => {
    // The dictionary's entries as a load took them (dict-<n>.csv) and as staged after (dict-incoming).
    const dictionary = new ValueDictionary();
    writeFileSync(join(dir, 'loading.csv'), stagedCsv(0, 2, dictionary));
    writeFileSync(join(dir, 'dict-000000000.csv'), dictionary.takeNew());
    writeFileSync(join(dir, 'sealed-000000000.csv'), stagedCsv(2, 3, dictionary));
    writeFileSync(join(dir, 'sealed-000000001.csv'), stagedCsv(5, 3, dictionary));
    writeFileSync(join(dir, 'incoming.csv'), stagedCsv(8, 1, dictionary));
    writeFileSync(join(dir, 'dict-incoming.csv'), dictionary.takeNew());
    const w = await open();
    expect(w.store.opened.recovered).toEqual({ rows: 9, lost: false });
    const logs = (await w.store.query({ from: 0, to: 1e13, limit: 100 })).logs;
    expect(logs.map((l) => Number(l.offset)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(logs.map((l) => `${l.offset}:${l.service}`).sort()).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((o) => `${o}:svc-${o % 3}`),
    );
    expect(readdirSync(dir).filter((name) => name.endsWith('.csv'))).toEqual([]);
  });

  it("does not read an earlier build's staged text as codes: its rows are lost, and health says so", async () => {
    // Earlier builds (to 2026-12-05) staged the repeated values as quoted text.
    writeFileSync(
      join(dir, 'incoming.csv'),
      '1000,5000,"app",0,"0","svc","h1","info","request 0 served","T1","info","normal","plain",,\n',
    );
    const w = await open();
    expect(w.store.opened.recovered).toEqual({ rows: 0, lost: true });
    expect(w.state().reason).toMatch(/earlier build/);
    expect(existsSync(join(dir, 'incoming.csv'))).toBe(false);
  });

  it('keeps the readable rows of a staging file a stop tore, and says the rest was lost', async () => {
    const dictionary = new ValueDictionary();
    const csv = stagedCsv(0, 3, dictionary).toString('utf8');
    const entries = dictionary.takeNew();
    for (const tail of ['1,2,"half a row', '1,2,0,0,"9",0']) {
      writeFileSync(join(dir, 'incoming.csv'), csv + tail);
      writeFileSync(join(dir, 'dict-incoming.csv'), entries);
      const w = await open();
      expect(w.store.opened.recovered).toEqual({ rows: 3, lost: true });
      expect(w.state().reason).toMatch(/torn/);
      expect(existsSync(join(dir, 'incoming.csv'))).toBe(false);
      await w.close();
      writer = null;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
    }
  });
});
