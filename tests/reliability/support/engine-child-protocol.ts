/**
 * The engine child process (engine-child.ts) and its parent (engine-child-process.ts) talk over
 * Node's IPC channel: the parent sends contract commands, the child answers them. The child also
 * appends every analyzed batch to a file, one line per batch, written after the engine's handler
 * resolved and before the source commits, so the file survives a SIGKILL of the child and always
 * holds at least what was committed.
 */
import type { RawMessage } from '../../../core/ingest/source';
import type { CommandName } from '../../../core/contract';
import { seqOf } from './sequenced-logs';

/** Environment variable carrying the child's `ChildConfig` as JSON. */
export const CHILD_CONFIG_ENV = 'VIGIL_RELIABILITY_CHILD';

export interface ChildConfig {
  dataDir: string;
  /** Where analyzed batches are appended (one file per child run). */
  analyzedFile: string;
}

export type ParentMessage =
  { type: 'call'; id: number; command: CommandName; request: unknown } | { type: 'close' };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'reply'; id: number; ok: true; response: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'closed' };

/** One analyzed batch: `partition \t offset,offset,... \t seq,seq,...` (`-` for no seq). */
export function analyzedLine(batch: readonly RawMessage[]): string {
  const first = batch[0];
  if (first === undefined) return '';
  const offsets = batch.map((m) => m.offset).join(',');
  const seqs = batch.map((m) => seqOf(m.value) ?? '-').join(',');
  return `${first.partition}\t${offsets}\t${seqs}\n`;
}

export interface AnalyzedBatch {
  partition: number;
  offsets: string[];
  seqs: Array<number | null>;
}

/** The batch of a complete line, or null for a malformed one. */
export function parseAnalyzedLine(line: string): AnalyzedBatch | null {
  const [partition, offsets, seqs] = line.split('\t');
  if (partition === undefined || offsets === undefined || seqs === undefined) return null;
  const offsetList = offsets.split(',');
  const seqList = seqs.split(',').map((s) => (s === '-' ? null : Number(s)));
  if (offsetList.length !== seqList.length || !/^\d+$/.test(partition)) return null;
  return { partition: Number(partition), offsets: offsetList, seqs: seqList };
}
