/**
 * Writing to a stream with backpressure: each write resolves once the stream can take more, so
 * the producer never runs ahead of a slow consumer (a pipe into `less`, a full disk). A stream that
 * goes away instead (EPIPE when `head` has read enough) rejects with `OutputClosedError`.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class OutputClosedError extends Error {
  readonly code = 'output_closed';
}

export function backpressuredWriter(out: Writable): (text: string) => Promise<void> {
  return async (text) => {
    if (out.destroyed || out.writableEnded) throw new OutputClosedError('the output was closed');
    if (out.write(text)) return;
    const stop = new AbortController();
    try {
      // `once` rejects when the stream emits 'error' while waiting (EPIPE): that, or 'close', means gone.
      await Promise.race([
        once(out, 'drain', { signal: stop.signal }),
        once(out, 'close', { signal: stop.signal }),
      ]);
    } catch (err) {
      throw new OutputClosedError(`the output was closed: ${(err as Error).message}`);
    } finally {
      stop.abort();
    }
    if (out.destroyed) throw new OutputClosedError('the output was closed');
  };
}
