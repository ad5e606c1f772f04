/**
 * Under each alert sample: its time and host (from `Alert.sampleRefs`) and "Show surrounding logs",
 * which opens a drawer with the messages around it read from Kafka (`alerts:context`), the sample's
 * own message highlighted.
 */
import { useEffect, useState } from 'react';
import type { Alert, AlertContext } from '../../../core/contract';
import { formatDateTime } from '../lib/format';
import { runCommand } from '../transport/session';
import { KafkaLogWindow, ReadNotes } from './KafkaLogWindow';

const SIDES = [20, 50, 200, 500] as const;

export function SampleContext({ alert, index }: { alert: Alert; index: number }) {
  const [open, setOpen] = useState(false);
  const ref = alert.sampleRefs?.[index];
  if (ref === undefined) return null;
  return (
    <div className="sample-ref" data-testid="alert-sample-ref">
      <span className="muted">
        {formatDateTime(ref.time)} · host {ref.host ?? '—'} · {ref.topic}[{ref.partition}] @ {ref.offset}
      </span>
      <button type="button" className="link" onClick={() => setOpen(true)} data-testid="alert-sample-context">
        Show surrounding logs
      </button>
      {open && <ContextDrawer alertId={alert.id} sample={index} onClose={() => setOpen(false)} />}
    </div>
  );
}

function ContextDrawer({
  alertId,
  sample,
  onClose,
}: {
  alertId: string;
  sample: number;
  onClose: () => void;
}) {
  const [side, setSide] = useState<number>(50);
  const key = `${alertId}/${sample}/${side}`;
  // The answer with the request it answers: anything else on screen is still loading.
  const [result, setResult] = useState<{ key: string; answer: AlertContext | null } | null>(null);

  useEffect(() => {
    let live = true;
    void runCommand('alerts:context', { id: alertId, sample, before: side, after: side }).then((answer) => {
      if (live) setResult({ key, answer });
    });
    return () => {
      live = false;
    };
  }, [key, alertId, sample, side]);
  const answer = result?.key === key ? result.answer : null;
  const state = result?.key !== key ? 'loading' : answer === null ? 'failed' : 'done';

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="drawer" role="dialog" aria-label="Surrounding logs" data-testid="context-drawer">
      <header className="detail-head">
        <h3>
          Surrounding logs
          {answer !== null && (
            <span className="muted mono">
              {' '}
              {answer.anchor.topic}[{answer.anchor.partition}] @ {answer.anchor.offset}
            </span>
          )}
        </h3>
        <label className="muted">
          messages each side{' '}
          <select
            value={side}
            onChange={(event) => setSide(Number(event.currentTarget.value))}
            data-testid="context-side"
          >
            {SIDES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="toast-close" aria-label="Close surrounding logs" onClick={onClose}>
          ×
        </button>
      </header>
      {state === 'loading' && <p className="muted">Reading from Kafka…</p>}
      {state === 'failed' && (
        <p className="read-note">The context could not be read (the reason is in the notification).</p>
      )}
      {state === 'done' && answer !== null && (
        <>
          <ReadNotes retention={answer.retention} partial={answer.partial} />
          <KafkaLogWindow
            logs={answer.logs}
            anchorOffset={answer.anchor.offset}
            anchorPartition={answer.anchor.partition}
            testId="context-logs"
          />
        </>
      )}
    </aside>
  );
}
