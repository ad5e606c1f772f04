/**
 * The history's thread (issue 18): everything the history writes runs here, at a lower priority than
 * analysis. The engine's thread posts each batch as columns (batch-columns.ts, ~0.5 µs a log there);
 * this thread makes their CSV bytes (its values coded by the history's dictionary, dictionary.ts),
 * appends them to `incoming.csv`, seals the file when the writer
 * says (renamed `sealed-<n>.csv`: a DuckDB row group of rows), has DuckDB load the sealed files,
 * deletes what is past the bounds, and answers searches. DuckDB's writes execute
 * on this thread (store.ts `exec`), so lowering its priority lowers theirs; searches run on libuv's
 * pool at the usual priority. Started by thread-client.ts with the options as `workerData`.
 */
import { closeSync, existsSync, openSync, readlinkSync, renameSync, writeSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { columnsCsv, CsvScratch } from './batch-columns';
import { MAX_CODES } from './dictionary';
import { HistoryStore } from './store';
import {
  DICT_INCOMING,
  dictName,
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
  const scratch = new CsvScratch();
  const dictIncoming = join(options.dir, DICT_INCOMING);
  let dictFd: number | null = null;
  let dictCount = 0;
  let overflowTold = 0;
  /** The dictionary's staged entries become a file of their own for the next load, which takes them all. */
  const sealDict = (): string[] => {
    if (dictFd !== null) closeSync(dictFd);
    dictFd = null;
    if (!existsSync(dictIncoming)) return [];
    const path = join(options.dir, dictName(dictCount++));
    renameSync(dictIncoming, path);
    return [path];
  };
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
      return store.loadFiles(files, sealDict());
    },
    enforce: (now: number) => store.enforceBounds(now),
    query: (search: Parameters<HistoryStore['query']>[0]) => store.query(search),
    histogram: (search: Parameters<HistoryStore['histogram']>[0]) => store.histogram(search),
    around: (...args: Parameters<HistoryStore['around']>) => store.around(...args),
    count: () => store.count(),
    close: async () => {
      if (fd !== null) closeSync(fd);
      if (dictFd !== null) closeSync(dictFd);
      fd = dictFd = null;
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
      const csv = columnsCsv(m.batch, store.dictionary, scratch);
      // New values' entries reach their file before the rows that use them (a stop between the two
      // leaves entries without rows, never rows without entries).
      const entries = store.dictionary.takeNew();
      if (entries !== '')
        try {
          if (dictFd === null) dictFd = openSync(dictIncoming, 'a');
          writeSync(dictFd, entries);
        } catch (error) {
          store.dictionary.requeue(entries); // written with the next batch's entries
          throw error;
        }
      if (fd === null) fd = openSync(incoming, 'a');
      writeSync(fd, csv);
      const { overflow } = store.dictionary;
      if (overflow > overflowTold) {
        overflowTold = overflow;
        send({
          op: 'note',
          message: `history: a column passed ${(options.maxCodes ?? MAX_CODES).toLocaleString('en')} distinct values; newer values are stored as null (${overflow} met so far)`,
        });
      }
    } catch (error) {
      const rows = m.op === 'seal' ? 0 : m.rows;
      send({ op: 'error', seq: null, rows, message: String((error as Error).message) });
    }
  });
  send({ op: 'opened', opened });
}

if (parentPort) void main(parentPort, workerData as HistoryThreadOptions);
