/**
 * The history's thread (issue 18): everything the history writes runs here, at a lower priority than
 * analysis. The engine's thread posts each batch as columns (batch-columns.ts, ~0.5 µs a log there);
 * this thread makes their CSV bytes, appends them to `incoming.csv`, renames the file `loading.csv` and
 * has DuckDB load it, deletes what is past the bounds, and answers searches. DuckDB's writes execute
 * on this thread (store.ts `exec`), so lowering its priority lowers theirs; searches run on libuv's
 * pool at the usual priority. Started by thread-client.ts with the options as `workerData`.
 */
import { closeSync, openSync, readlinkSync, renameSync, writeSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { columnsCsv } from './batch-columns';
import { HistoryStore } from './store';
import {
  INCOMING,
  LOADING,
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
  const loading = join(options.dir, LOADING);
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

  const calls: { [K in HistoryCall]: (...args: never[]) => unknown } = {
    load: () => {
      // Synchronous up to the load: appends posted after the request go to a new file.
      if (fd !== null) closeSync(fd);
      fd = null;
      renameSync(incoming, loading);
      return store.loadFile(loading);
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
      if (fd === null) fd = openSync(incoming, 'a');
      if (m.op === 'append') writeSync(fd, m.csv);
      else writeSync(fd, columnsCsv(m.batch));
    } catch (error) {
      send({ op: 'error', seq: null, rows: m.rows, message: String((error as Error).message) });
    }
  });
  send({ op: 'opened', opened });
}

if (parentPort) void main(parentPort, workerData as HistoryThreadOptions);
