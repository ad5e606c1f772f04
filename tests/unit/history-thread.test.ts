/**
 * The history's thread (core/history/history-thread.ts, thread-client.ts) on real DuckDB: on Linux
 * it runs at nice 10 and DuckDB's loads execute on it (not on libuv's pool, which keeps the usual
 * priority), measured from the kernel's own per-thread figures (/proc/self/task); searches answer
 * through it while it loads; a store that cannot open says why, and nothing is left running.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, LogRecord } from '../../core/contract';
import { HistoryWriter } from '../../core/history';

let dir: string;
let writer: HistoryWriter | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-history-thread-'));
});
afterEach(async () => {
  await writer?.close();
  writer = null;
  rmSync(dir, { recursive: true, force: true });
});

const analysis: Analysis = {
  templateId: 'T1',
  template: 'request <*> served in <*> ms',
  params: [],
  severity: 'info',
  category: 'normal',
  scores: { severity: {}, category: {} },
  classifiedBy: 'rules',
};
const records = (from: number, n: number): LogRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    time: 1_000_000 + from + i,
    topic: 'app',
    partition: 0,
    offset: String(from + i),
    service: i % 2 === 0 ? 'api' : 'db',
    host: `h${i % 5}`,
    level: 'info',
    message: `request ${from + i} served in ${(from + i) % 97} ms by worker ${i % 13}`,
    fields: {},
    format: 'plain',
  }));

async function open(): Promise<HistoryWriter> {
  writer = await HistoryWriter.open({ dir, maxAgeMs: 3_600_000, maxBytes: 1024 ** 3, loadDelayMs: 60_000 });
  return writer;
}

function offer(w: HistoryWriter, from: number, n: number): void {
  const batch = records(from, n);
  w.offer(
    batch,
    batch.map(() => analysis),
    null,
    Date.now(),
  );
}

/** Per thread of this process: its nice value and the CPU it used (ns), from /proc/self/task. */
function threads(): Map<string, { nice: number; cpuNs: number }> {
  const out = new Map<string, { nice: number; cpuNs: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      // Fields after the command's closing parenthesis: state is the 3rd field, nice the 19th.
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuNs = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      out.set(tid, { nice: Number(fields[16]), cpuNs });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

describe("history's thread", () => {
  it.runIf(process.platform === 'linux')(
    'runs at nice 10 on Linux, and DuckDB loads on it rather than on the pool',
    async () => {
      const w = await open();
      expect(w.store.opened.nice).toBe(10);
      const niced = [...threads()].filter(([, t]) => t.nice === 10).map(([tid]) => tid);
      expect(niced).toHaveLength(1); // the history's thread alone: not the process, not the pool
      for (let b = 0; b < 40; b++) offer(w, b * 5000, 5000);
      const before = threads();
      await w.flush();
      const after = threads();
      expect(w.state().storedLogs).toBe(200_000);
      const used = (tid: string): number => (after.get(tid)?.cpuNs ?? 0) - (before.get(tid)?.cpuNs ?? 0);
      const history = used(niced[0]!);
      // Every other thread but this one (the test's, which only waits): the pool, V8's, vitest's.
      const others = [...after.keys()]
        .filter((tid) => tid !== niced[0] && tid !== String(process.pid))
        .reduce((sum, tid) => sum + Math.max(0, used(tid)), 0);
      console.log(
        `200,000 logs: history thread ${(history / 1e6).toFixed(0)} ms of CPU, other threads ${(others / 1e6).toFixed(0)} ms`,
      );
      expect(history).toBeGreaterThan(2 * others);
    },
    60_000,
  );
  if (process.platform !== 'linux')
    console.log(`skipped: the thread's priority (Linux only; on ${process.platform} it keeps the usual one)`);

  it('answers searches through the thread while it loads', async () => {
    const w = await open();
    for (let b = 0; b < 20; b++) offer(w, b * 5000, 5000);
    await w.flush();
    for (let b = 20; b < 40; b++) offer(w, b * 5000, 5000);
    const flushing = w.flush();
    const found = await w.store.query({
      from: 0,
      to: 2_000_000,
      service: 'db',
      text: 'request 4243 served',
      limit: 10,
    });
    expect(found.logs.map((l) => l.offset)).toEqual(['4243']);
    await flushing;
    expect(await w.store.count()).toBe(200_000);
    const around = await w.store.around({ topic: 'app', partition: 0, offset: '150000' }, 2, 2);
    expect(around.logs.map((l) => l.offset)).toEqual(['149998', '149999', '150000', '150001', '150002']);
  }, 60_000);

  it('a thread that ended fails what is asked of it at once, and health says so (nothing hangs)', async () => {
    const w = await open();
    offer(w, 0, 1000);
    await w.flush();
    await (w.store as unknown as { worker: Worker }).worker.terminate();
    offer(w, 1000, 1000);
    await w.flush();
    expect(w.state()).toMatchObject({ storedLogs: 1000, dropped: 1000 });
    expect(w.reason()).toMatch(/history write failed: the history's thread ended \(exit code 1\)/);
    await expect(w.store.query({ from: 0, to: 2_000_000, limit: 1 })).rejects.toThrow(/thread ended/);
  });

  it('says why a store cannot open, and ends its thread', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const linux = process.platform === 'linux';
    const before = linux ? readdirSync('/proc/self/task').length : 0;
    await expect(
      HistoryWriter.open({ dir: join(file, 'history'), maxAgeMs: 1000, maxBytes: 1024 ** 2 }),
    ).rejects.toThrow(/ENOTDIR|not a directory/);
    // The thread that failed to open ended (at most a few helper threads of Node's may come and go).
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (linux) expect(readdirSync('/proc/self/task').length).toBeLessThanOrEqual(before + 1);
  });
});
