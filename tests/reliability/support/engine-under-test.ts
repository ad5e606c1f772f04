/**
 * An in-process engine built by `createEngine` exactly as the app builds it, except that its
 * source is wrapped by the recording decorator, and a private data dir that is removed on close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertManager } from '../../../core/alerts';
import type { StartRequestInput } from '../../../core/contract';
import type { EngineClient } from '../../../core/engine/client';
import { createEngine, sourceFactory } from '../../../core/engine/create';
import type { Engine } from '../../../core/engine/engine';
import type { DetectorOptions } from '../../../core/detect';
import { seqOf } from './sequenced-logs';
import type { SeqLedger } from './seq-ledger';
import { recordingSources, type AnalyzedListener, type RecordingSources } from './recording-source';

export interface EngineUnderTest {
  client: EngineClient & { engine: Engine };
  sources: RecordingSources;
  dataDir: string;
  /** Closes the engine (committing what it analyzed) and deletes the data dir. */
  close(): Promise<void>;
}

export interface OpenEngineOptions {
  onAnalyzed: AnalyzedListener;
  /** An existing data dir (kept on close); default a fresh temp dir (deleted on close). */
  dataDir?: string;
  tickMs?: number;
  alertManager?: AlertManager;
  /** Detector settings (e.g. shorter volume intervals for a quicker test). */
  detectors?: Partial<DetectorOptions>;
}

export async function openEngine(options: OpenEngineOptions): Promise<EngineUnderTest> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-reliability-'));
  const sources = recordingSources(sourceFactory(), options.onAnalyzed);
  const client = await createEngine({
    dataDir,
    engine: {
      createSource: sources.factory,
      ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
      ...(options.alertManager !== undefined ? { alertManager: options.alertManager } : {}),
      ...(options.detectors !== undefined ? { detectors: options.detectors } : {}),
    },
  });
  let closing: Promise<void> | null = null;
  return {
    client,
    sources,
    dataDir,
    close: () => {
      closing ??= client.close().finally(() => {
        if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      });
      return closing;
    },
  };
}

/** Records every message of an analyzed batch in the ledger, by position and seq. */
export function ledgerRecorder(ledger: SeqLedger): AnalyzedListener {
  return (batch) => {
    for (const message of batch)
      ledger.recordAnalyzed(message.partition, message.offset, seqOf(message.value));
  };
}

/** The start request of a Kafka source reading `topic` from the beginning as `groupId`. */
export function kafkaStart(brokers: string[], topic: string, groupId: string): StartRequestInput {
  return { source: 'kafka', kafka: { brokers, topics: [topic], groupId, fromBeginning: true } };
}
