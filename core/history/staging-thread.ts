/**
 * The staging file's writes on a thread of their own (issue 18). The engine's thread posts each
 * batch as columns (batch-columns.ts: ~0.3 µs a log there); this thread makes the CSV text
 * (`columnsCsv`, whose source it evaluates), turns it into bytes and appends it to `incoming.csv`;
 * `rotate` renames the file for DuckDB in the order of the appends. A standalone engine's other
 * threads post text they made themselves (`appendCsv`). Plain JavaScript evaluated in the worker, so
 * it runs the same under tsx, the built CLI and Electron's main process.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { columnsCsv, transferables, type ColumnBatch } from './batch-columns';
import { MAX_MESSAGE_CHARS } from './schema';

export const INCOMING = 'incoming.csv';
export const LOADING = 'loading.csv';

// \`__name\`: tsx (esbuild's keepNames) may wrap a function in it; the evaluated copy needs none.
const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
var __name = (target) => target;
const columnsCsv = ${columnsCsv.toString()};
let fd = null;
parentPort.on('message', (m) => {
  try {
    if (m.op === 'append' || m.op === 'columns') {
      if (fd === null) fd = fs.openSync(workerData.incoming, 'a');
      fs.writeSync(fd, m.op === 'append' ? m.csv : columnsCsv(m.batch, ${MAX_MESSAGE_CHARS}));
    } else if (m.op === 'rotate') {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
      fs.renameSync(workerData.incoming, workerData.loading);
      parentPort.postMessage({ op: 'rotated', seq: m.seq });
    } else if (m.op === 'close') {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
      parentPort.postMessage({ op: 'closed', seq: m.seq });
    }
  } catch (error) {
    parentPort.postMessage({ op: 'failed', seq: m.seq, rows: m.rows || 0, message: String(error && error.message) });
  }
});
`;

type Reply =
  | { op: 'rotated' | 'closed'; seq: number }
  | { op: 'failed'; seq: number | undefined; rows: number; message: string };

export class StagingThread {
  private readonly worker: Worker;
  private seq = 0;
  private closed = false;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  /** @param onFailed an append that failed (its rows are lost: counted by the caller). */
  constructor(dir: string, onFailed: (rows: number, message: string) => void) {
    this.worker = new Worker(CODE, {
      eval: true,
      workerData: { incoming: join(dir, INCOMING), loading: join(dir, LOADING) },
    });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = reply.seq === undefined ? undefined : this.waiting.get(reply.seq);
      if (reply.op === 'failed') {
        if (waiter) waiter.reject(new Error(reply.message));
        else onFailed(reply.rows, reply.message);
      } else waiter?.resolve();
      if (reply.seq !== undefined) this.waiting.delete(reply.seq);
    });
  }

  /** CSV text made on another thread (a standalone engine's, issue 19). */
  appendCsv(csv: string, rows: number): void {
    this.worker.postMessage({ op: 'append', csv, rows });
  }

  /** A batch's columns: its typed arrays move to the thread (the batch is not to be used after). */
  appendColumns(batch: ColumnBatch): void {
    this.worker.postMessage({ op: 'columns', batch, rows: batch.rows }, transferables(batch));
  }

  private ask(op: 'rotate' | 'close'): Promise<void> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ op, seq });
    });
  }

  /** Resolves once every earlier append is written and the file renamed `loading.csv`. */
  rotate(): Promise<void> {
    return this.ask('rotate');
  }

  /** Closes the file and ends the thread; again: nothing (the engine and its owner may both close). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ask('close').catch(() => undefined);
    await this.worker.terminate();
  }
}
