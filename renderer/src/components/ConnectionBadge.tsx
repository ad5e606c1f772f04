/** The link to the engine, in the top bar: carrier, state, retry countdown, refused messages. */
import { useConnectionStore } from '../stores/connection';
import { useNow } from '../hooks/useNow';

const LABELS = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting',
  unauthorized: 'Token refused',
  closed: 'Disconnected',
} as const;

export function ConnectionBadge({ onRetry }: { onRetry: (() => void) | null }) {
  const transport = useConnectionStore((state) => state.transport);
  const link = useConnectionStore((state) => state.link);
  const now = useNow(1_000);
  const retryIn = link.nextRetryAt !== null ? Math.max(0, Math.ceil((link.nextRetryAt - now) / 1000)) : null;
  const title = [
    transport === 'electron'
      ? 'Electron bridge'
      : transport === 'websocket'
        ? 'WebSocket to the Vigil host'
        : '',
    link.lastProblem ? `Last problem: ${link.lastProblem}` : '',
    link.protocolErrors > 0 ? `${link.protocolErrors} message(s) refused as malformed` : '',
  ]
    .filter((line) => line !== '')
    .join('\n');

  return (
    <div
      className={`conn conn-${link.phase}`}
      data-testid="connection-state"
      data-state={link.phase}
      title={title}
    >
      <span className="conn-dot" aria-hidden="true" />
      <span>{LABELS[link.phase]}</span>
      {link.phase === 'reconnecting' && retryIn !== null && (
        <span className="conn-detail">
          {' '}
          in {retryIn}s
          {!link.everOpened && link.attempt >= 3 ? ' · is the host (npm run serve) running?' : ''}
        </span>
      )}
      {link.phase === 'reconnecting' && onRetry !== null && (
        <button type="button" className="link conn-retry" onClick={onRetry}>
          retry now
        </button>
      )}
      {link.protocolErrors > 0 && (
        <span className="conn-warn" data-testid="protocol-errors">
          {link.protocolErrors} refused
        </span>
      )}
    </div>
  );
}
