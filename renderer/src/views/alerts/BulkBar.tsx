/** Acknowledge or resolve every checked incident at once (and all of their alerts with them). */
import { useState } from 'react';
import { actOnIncidents } from './incident-actions';
import { setChecked } from './view-store';

export function BulkBar({
  checked,
  shownIds,
}: {
  checked: ReadonlySet<string>;
  shownIds: readonly string[];
}) {
  const [busy, setBusy] = useState(false);
  const ids = [...checked];
  const allShown = shownIds.length > 0 && shownIds.every((id) => checked.has(id));

  async function run(action: 'ack' | 'resolve'): Promise<void> {
    setBusy(true);
    const failed = await actOnIncidents(ids, action);
    setBusy(false);
    setChecked(failed);
  }

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions" data-testid="incident-bulk">
      <label className="inline">
        <input
          type="checkbox"
          checked={allShown}
          onChange={() => setChecked(allShown ? [] : shownIds)}
          aria-label="Select every incident shown"
          data-testid="incident-check-all"
        />
        {ids.length > 0 ? `${ids.length} selected` : 'select all'}
      </label>
      {ids.length > 0 && (
        <>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run('ack')}
            data-testid="incident-bulk-ack"
          >
            Acknowledge {ids.length}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run('resolve')}
            data-testid="incident-bulk-resolve"
          >
            Resolve {ids.length}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => setChecked([])}
            data-testid="incident-bulk-clear"
          >
            Clear
          </button>
        </>
      )}
    </div>
  );
}
