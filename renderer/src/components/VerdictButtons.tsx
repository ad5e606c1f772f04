/**
 * A/B model testing: the one-click verdict on an alert, "useful" or "noise", stored with the alert
 * and the experiment arm that raised it (shown beside the buttons when there is one).
 */
import { useState } from 'react';
import type { Alert } from '../../../core/contract';
import { upsertAlerts, useAlertsStore } from '../stores/alerts';
import { runCommand } from '../transport/session';

export function VerdictButtons({ alert }: { alert: Alert }) {
  const [busy, setBusy] = useState(false);
  const current = alert.verdict?.verdict ?? null;

  async function give(verdict: 'useful' | 'noise') {
    setBusy(true);
    const updated = await runCommand('alerts:verdict', { id: alert.id, verdict });
    setBusy(false);
    if (updated !== null) useAlertsStore.setState((state) => upsertAlerts(state, [updated]));
  }

  return (
    <span className="verdict" role="group" aria-label="Verdict" data-testid="alert-verdict">
      Verdict
      {(['useful', 'noise'] as const).map((verdict) => (
        <button
          key={verdict}
          type="button"
          aria-pressed={current === verdict}
          className={current === verdict ? 'primary' : undefined}
          disabled={busy}
          onClick={() => void give(verdict)}
          data-testid={`alert-verdict-${verdict}`}
        >
          {verdict === 'useful' ? 'Useful' : 'Noise'}
        </button>
      ))}
      {alert.arm != null && (
        <span className="muted" data-testid="alert-arm">
          arm {alert.arm}
        </span>
      )}
    </span>
  );
}
