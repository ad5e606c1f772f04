/**
 * The history's thread (issue 18): everything the history writes runs here, at a lower priority than
 * analysis. The engine's thread posts each batch as columns (batch-columns.ts, ~0.5 µs a log there);
 * this thread makes their CSV bytes, appends them to `incoming.csv`, seals the file when the writer
 * says (renamed `sealed-<n>.csv`: a DuckDB row group of rows), has DuckDB load the sealed files,
 * deletes what is past the bounds, and answers searches. DuckDB's writes execute
 * on this thread (store.ts `exec`), so lowering its priority lowers theirs; searches run on libuv's
 * pool at the usual priority. Started by thread-client.ts with the options as `workerData`.
 */
import { closeSync, existsSync, openSync, readlinkSync, renameSync, writeSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { columnsCsv } from './batch-columns';
import { HistoryStore } from './store';
import {
  INCOMING,
  sealedName,
  type FromHistoryThread,
  type HistoryCall,
  type HistoryThreadOptions,
  type Opened,
  type ToHistoryThread,
} from './thread-protocol';

/** This thread's id: Linux applies a nice value to one thread (setpriority on its id), not the process. */
function lowerPriority(nice: number): number | string {
  if (process.platform !== 'linux') return `not lowered on ${process.platform}`;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, nice);
    return nice;
  } catch (error) {
    return `not lowered (${String((error as Error).message).slice(0, 120)})`;
  }
}

async function main(port: NonNullable<typeof parentPort>, options: HistoryThreadOptions): Promise<void> {
  const send = (message: FromHistoryThread): void => port.postMessage(message);
  const incoming = join(options.dir, INCOMING);
  let store: HistoryStore;
  try {
    store = await HistoryStore.open(options);
  } catch (error) {
    send({ op: 'error', seq: null, rows: 0, message: String((error as Error).message) });
    return;
  }
  // After the open: libuv's pool, which the open started, keeps the usual priority for searches.
  const nice = lowerPriority(options.nice ?? 10);
  const opened: Opened = { file: store.file, count: await store.count(), recovered: store.recovered, nice };
  let fd: number | null = null;
  /** The sealed files not loaded yet, oldest first (the store loaded the earlier ones at open). */
  let sealed: string[] = [];
  let sealedCount = 0;
  /** `incoming.csv` becomes the next sealed file; appends after it start a new one. */
  const seal = (): void => {
    if (fd !== null) closeSync(fd);
    fd = null;
    if (!existsSync(incoming)) return; // nothing appended (or its appends failed: counted then)
    const path = join(options.dir, sealedName(sealedCount++));
    renameSync(incoming, path);
    sealed.push(path);
  };

  const calls: { [K in HistoryCall]: (...args: never[]) => unknown } = {
    load: (whole: boolean) => {
      // Synchronous up to the load: appends and seals posted after the request go to the next one.
      if (!whole) seal();
      const files = sealed;
      sealed = [];
      return store.loadFiles(files);
    },
    enforce: (now: number) => store.enforceBounds(now),
    query: (search: Parameters<HistoryStore['query']>[0]) => store.query(search),
    histogram: (search: Parameters<HistoryStore['histogram']>[0]) => store.histogram(search),
    around: (...args: Parameters<HistoryStore['around']>) => store.around(...args),
    count: () => store.count(),
    close: async () => {
      if (fd !== null) closeSync(fd);
      fd = null;
      await store.close();
      return null;
    },
  };

  port.on('message', (m: ToHistoryThread) => {
    if (m.op === 'call') {
      const call = calls[m.call] as (...args: unknown[]) => unknown;
      void (async () => {
        try {
          send({ op: 'reply', seq: m.seq, value: await call(...m.args) });
        } catch (error) {
          send({ op: 'error', seq: m.seq, rows: 0, message: String((error as Error).message) });
        }
      })();
      return;
    }
    try {
      if (m.op === 'seal') return seal();
      if (fd === null) fd = openSync(incoming, 'a');
      if (m.op === 'append') writeSync(fd, m.csv);
      else writeSync(fd, columnsCsv(m.batch));
    } catch (error) {
      const rows = m.op === 'seal' ? 0 : m.rows;
      send({ op: 'error', seq: null, rows, message: String((error as Error).message) });
    }
  });
  send({ op: 'opened', opened });
}

if (parentPort) void main(parentPort, workerData as HistoryThreadOptions);
