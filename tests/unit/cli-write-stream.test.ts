/** Output backpressure of the CLI: a write waits for a slow reader and fails clearly when it leaves. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backpressuredWriter, OutputClosedError } from '../../core/cli/write-stream';

/** A sink that accepts a chunk only when the test says so. */
function slowSink() {
  const pending: (() => void)[] = [];
  const sink = new Writable({
    highWaterMark: 8,
    write(_chunk, _encoding, done) {
      pending.push(() => done());
    },
  });
  return { sink, releaseAll: () => pending.splice(0).forEach((done) => done()) };
}

describe('backpressuredWriter', () => {
  it('resolves at once while the stream has room', async () => {
    const sink = new Writable({ write: (_c, _e, done) => done() });
    await expect(backpressuredWriter(sink)('short')).resolves.toBeUndefined();
  });

  it('waits for drain when the stream is full', async () => {
    const { sink, releaseAll } = slowSink();
    let resolved = false;
    const write = backpressuredWriter(sink)('more than eight bytes').then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    releaseAll();
    await write;
    expect(resolved).toBe(true);
  });

  it('rejects with OutputClosedError when the reader goes away while waiting, or before', async () => {
    const { sink } = slowSink();
    const write = backpressuredWriter(sink)('more than eight bytes');
    sink.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(write).rejects.toBeInstanceOf(OutputClosedError);
    await expect(backpressuredWriter(sink)('again')).rejects.toBeInstanceOf(OutputClosedError);
  });
});
