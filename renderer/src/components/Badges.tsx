/** Small labels used across views. Colors come from CSS classes keyed by the value. */
import type { AlertLevel, LogLevel } from '../../../core/contract';
import type { EffectiveStatus } from '../lib/alert-feed';

export function LevelBadge({ level }: { level: AlertLevel }) {
  return <span className={`badge level-${level}`}>{level}</span>;
}

export function LogLevelBadge({ level }: { level: LogLevel | null }) {
  return <span className={`loglevel loglevel-${level ?? 'none'}`}>{level ?? '—'}</span>;
}

export function StatusBadge({ status }: { status: EffectiveStatus }) {
  return <span className={`badge status-${status}`}>{status}</span>;
}
