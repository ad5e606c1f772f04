/**
 * A Vigil engine in its own process, for the crash scenario: built by `createEngine` like the app
 * builds it, its source wrapped so that analyzed batches are appended to a file, and driven by
 * contract commands from the parent over IPC. The parent kills it with SIGKILL mid-stream.
 * Not run by hand: see engine-child-process.ts.
 */
import { appendFileSync } from 'node:fs';
import { isCommandName } from '../../../core/contract';
import { createEngine, sourceFactory } from '../../../core/engine/create';
import {
  analyzedLine,
  CHILD_CONFIG_ENV,
  type ChildConfig,
  type ChildMessage,
  type ParentMessage,
} from './engine-child-protocol';
import { recordingSources } from './recording-source';

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const raw = process.env[CHILD_CONFIG_ENV];
  if (raw === undefined || process.send === undefined) {
    throw new Error(`engine-child runs under engine-child-process.ts (IPC and ${CHILD_CONFIG_ENV} needed)`);
  }
  const config = JSON.parse(raw) as ChildConfig;
  const sources = recordingSources(sourceFactory(), (batch) => {
    // Synchronous on purpose: once this returns the line is in the page cache, and a SIGKILL
    // of this process cannot lose it; the source commits only after.
    appendFileSync(config.analyzedFile, analyzedLine(batch));
  });
  const client = await createEngine({
    dataDir: config.dataDir,
    engine: { createSource: sources.factory, tickMs: 250 },
  });

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'close') {
      void client.close().then(() => {
        send({ type: 'closed' });
        process.disconnect?.();
      });
      return;
    }
    const { id, command, request } = message;
    if (!isCommandName(command)) {
      send({ type: 'reply', id, ok: false, error: `unknown command ${String(command)}` });
      return;
    }
    client.call(command, request as never).then(
      (response) => send({ type: 'reply', id, ok: true, response }),
      (error: unknown) =>
        send({ type: 'reply', id, ok: false, error: (error as Error).message ?? String(error) }),
    );
  });
  // The parent is gone (it crashed, or a test runner was killed): do not linger as an orphan.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(`[engine-child] ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
