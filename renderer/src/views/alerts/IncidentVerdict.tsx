/**
 * One click on an incident: "useful" or "noise" for all of its alerts (incident-actions.ts,
 * `verdictOnIncident`). Pressed when every alert the window holds carries that verdict.
 */
import { useState } from 'react';
import type { Alert, Incident } from '../../../../core/contract';
import { verdictOnIncident } from './incident-actions';

export function IncidentVerdict({ incident, alerts }: { incident: Incident; alerts: readonly Alert[] }) {
  const [busy, setBusy] = useState(false);
  const all = (verdict: 'useful' | 'noise') =>
    alerts.length > 0 && alerts.every((alert) => alert.verdict?.verdict === verdict);

  async function give(verdict: 'useful' | 'noise') {
    setBusy(true);
    await verdictOnIncident(incident, verdict);
    setBusy(false);
  }

  return (
    <span className="verdict" role="group" aria-label="Verdict on all alerts" data-testid="incident-verdict">
      Verdict on all alerts
      {(['useful', 'noise'] as const).map((verdict) => (
        <button
          key={verdict}
          type="button"
          aria-pressed={all(verdict)}
          className={all(verdict) ? 'primary' : undefined}
          disabled={busy}
          onClick={() => void give(verdict)}
          data-testid={`incident-verdict-${verdict}`}
        >
          {verdict === 'useful' ? 'Useful' : 'Noise'}
        </button>
      ))}
    </span>
  );
}
