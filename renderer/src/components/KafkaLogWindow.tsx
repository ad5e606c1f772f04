/**
 * Messages read back from Kafka (alert context, time travel), one row each: time, where it sits
 * (partition @ offset), level, service, host and the message, with the anchor highlighted and
 * scrolled into view. Rejected messages keep their row and show their issue.
 */
import { useEffect, useRef } from 'react';
import type { ContextLog, RetentionNote } from '../../../core/contract';
import { LogLevelBadge } from './Badges';
import { formatDateTime } from '../lib/format';

export function KafkaLogWindow({
  logs,
  anchorOffset,
  anchorPartition,
  testId,
}: {
  logs: readonly ContextLog[];
  anchorOffset?: string;
  anchorPartition?: number;
  testId: string;
}) {
  const anchorRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    anchorRef.current?.scrollIntoView({ block: 'center' });
  }, [logs, anchorOffset]);
  if (logs.length === 0) return <p className="muted">No messages in this range.</p>;
  return (
    <ol className="kafka-window" data-testid={testId}>
      {logs.map((log) => {
        const anchor = log.offset === anchorOffset && log.partition === anchorPartition;
        return (
          <li
            key={`${log.partition}@${log.offset}`}
            ref={anchor ? anchorRef : undefined}
            className={`kafka-log sev-${log.analysis?.severity ?? 'info'}${anchor ? ' anchor' : ''}`}
            data-testid={anchor ? 'context-anchor' : 'context-log'}
            data-offset={log.offset}
            data-partition={log.partition}
            aria-current={anchor ? 'true' : undefined}
          >
            <span className="kafka-log-time" title={`Kafka timestamp ${formatDateTime(log.timestamp)}`}>
              {formatDateTime(log.record?.time ?? log.timestamp)}
            </span>
            <span className="kafka-log-pos mono">
              {log.partition}@{log.offset}
            </span>
            <LogLevelBadge level={log.record?.level ?? null} />
            <span className="kafka-log-service">{log.record?.service ?? '—'}</span>
            <span className="kafka-log-host">{log.record?.host ?? '—'}</span>
            <span className="kafka-log-message">
              {log.record?.message ?? log.value}
              {log.issue !== null && <span className="muted"> ({log.issue})</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** What the broker no longer holds, and a read stopped at its deadline, said plainly. */
export function ReadNotes({
  retention,
  partial,
}: {
  retention?: RetentionNote;
  partial?: { reason: string };
}) {
  return (
    <>
      {retention !== undefined && (
        <p className="read-note" data-testid="context-retention">
          {retention.message}
        </p>
      )}
      {partial !== undefined && (
        <p className="read-note" data-testid="context-partial">
          Partial: {partial.reason}
        </p>
      )}
    </>
  );
}
