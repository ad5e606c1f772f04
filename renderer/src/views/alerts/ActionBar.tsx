/**
 * Acknowledge, snooze, resolve and a note, for an incident or a single alert (the same buttons, the
 * caller decides which command runs). The note is free text, sent as typed; the engine records who.
 */
import { useState } from 'react';
import { NOTE_MAX_CHARS } from '../../../../core/contract';
import type { EffectiveStatus } from '../../lib/alert-feed';
import type { ActRequest } from './incident-actions';

export const SNOOZE_CHOICES = [
  { label: '15m', ms: 15 * 60_000 },
  { label: '1h', ms: 60 * 60_000 },
  { label: '4h', ms: 4 * 60 * 60_000 },
] as const;

export function ActionBar({
  status,
  onAct,
  testIdPrefix,
}: {
  status: EffectiveStatus;
  /** Resolves true when the engine accepted the action. */
  onAct: (request: ActRequest) => Promise<boolean>;
  /** `incident` or `alert`: test ids read `${prefix}-ack`, `${prefix}-note-text`, ... */
  testIdPrefix: string;
}) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');

  async function act(request: ActRequest): Promise<void> {
    setBusy(true);
    const accepted = await onAct(request);
    setBusy(false);
    if (accepted && request.action === 'note') setNote('');
  }

  const text = note.trim();
  return (
    <div className="detail-actions-block">
      <div className="detail-actions">
        <button
          type="button"
          onClick={() => void act({ action: 'ack' })}
          disabled={busy || status !== 'open'}
          data-testid={`${testIdPrefix}-ack`}
        >
          Acknowledge
        </button>
        <button
          type="button"
          onClick={() => void act({ action: 'resolve' })}
          disabled={busy || status === 'resolved'}
          data-testid={`${testIdPrefix}-resolve`}
        >
          Resolve
        </button>
        <span className="snooze" role="group" aria-label="Snooze">
          Snooze
          {SNOOZE_CHOICES.map((choice) => (
            <button
              key={choice.label}
              type="button"
              onClick={() => void act({ action: 'snooze', durationMs: choice.ms })}
              disabled={busy || status === 'resolved'}
              data-testid={`${testIdPrefix}-snooze-${choice.label}`}
            >
              {choice.label}
            </button>
          ))}
        </span>
      </div>
      <form
        className="note-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.length > 0) void act({ action: 'note', text });
        }}
      >
        <input
          aria-label="Note"
          placeholder="Add a note…"
          value={note}
          maxLength={NOTE_MAX_CHARS}
          onChange={(event) => setNote(event.currentTarget.value)}
          data-testid={`${testIdPrefix}-note-text`}
        />
        <button type="submit" disabled={busy || text.length === 0} data-testid={`${testIdPrefix}-note`}>
          Add note
        </button>
      </form>
    </div>
  );
}
