/**
 * A source decorator that reports each batch once the engine's handler has resolved for it: the
 * batch is then analyzed and its alerts recorded, and only then does the source commit its
 * offsets. That is exactly "analyzed at least once", observed from outside the engine (the live
 * tail is sampled, and counters could hide which logs they counted).
 */
import type { SourceFactory } from '../../../core/engine/engine';
import type { LogSource, RawMessage } from '../../../core/ingest/source';

export type AnalyzedListener = (batch: readonly RawMessage[]) => void;

export interface RecordingSources {
  factory: SourceFactory;
  /** The source created last (undecorated), e.g. to read a KafkaLogSource's counters. */
  current(): LogSource | null;
}

export function recordingSources(inner: SourceFactory, onAnalyzed: AnalyzedListener): RecordingSources {
  let current: LogSource | null = null;
  const factory: SourceFactory = (request) => {
    const source = inner(request);
    current = source;
    const decorated: LogSource = {
      kind: source.kind,
      start: (handler) =>
        source.start(async (batch) => {
          await handler(batch);
          // After the handler, before the source commits: a crash in between redelivers the
          // batch (a duplicate), never loses it.
          onAnalyzed(batch);
        }),
      stop: () => source.stop(),
      status: () => source.status(),
    };
    return decorated;
  };
  return { factory, current: () => current };
}
