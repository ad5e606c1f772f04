/**
 * The patterns of an alert (i18): the templates of its evidence (`Alert.templates`, else its own
 * `templateId` in alerts that predate it), busiest first, each with its text and a link that opens
 * the Patterns view on it (selected, its detail open). The text of a template other than the
 * alert's own is asked of the engine once (`patterns:list` with `templateId`) and kept, bounded.
 */
import { useEffect, useState } from 'react';
import type { Alert } from '../../../../core/contract';
import { alertPatterns } from '../../lib/alert-patterns';
import { formatCount } from '../../lib/format';
import { openPattern } from '../../stores/pattern-focus';
import { runCommand } from '../../transport/session';

/** Templates shown per alert (the rest are summed in one line). */
const SHOWN = 5;
/** Template texts asked of the engine, by id (bounded: cleared when full). */
const texts = new Map<string, string | null>();
const TEXTS_CAP = 500;

/** The texts of `ids` as the engine knows them now (null: not counted any more). */
function usePatternTexts(ids: readonly string[]): ReadonlyMap<string, string | null> {
  const [, setAnswered] = useState(0);
  const key = ids.join(' ');
  useEffect(() => {
    let live = true;
    const missing = ids.filter((id) => !texts.has(id));
    if (missing.length === 0) return;
    void Promise.all(
      missing.map(async (id) => {
        const page = await runCommand('patterns:list', { templateId: id, limit: 1 });
        if (page === null) return;
        if (texts.size >= TEXTS_CAP) texts.clear();
        texts.set(id, page.patterns[0]?.template ?? null);
      }),
    ).then(() => live && setAnswered((n) => n + 1));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `ids`
  }, [key]);
  return texts;
}

export function AlertPatterns({ alert }: { alert: Alert }) {
  const { shown, total, restCount, hasOther } = alertPatterns(alert, SHOWN);
  const fetched = usePatternTexts(
    shown.filter((p) => p.templateId !== alert.templateId).map((p) => p.templateId),
  );
  if (total === 0) return null;
  return (
    <section data-testid="alert-patterns">
      <h4>{total === 1 && !hasOther ? 'Pattern' : `Patterns (${total}${hasOther ? '+' : ''})`}</h4>
      {shown.map(({ templateId: id, count }) => {
        const text = id === alert.templateId ? alert.template : fetched.get(id);
        return (
          <div key={id} className="alert-pattern" data-testid="alert-pattern" data-template-id={id}>
            <pre className="code">{text ?? (text === null ? '(no longer counted by the engine)' : '…')}</pre>
            <div className="log-detail-actions">
              <span className="muted mono">
                template {id}
                {count !== null && total > 1 ? ` · ${formatCount(count)} events` : ''}
              </span>
              <button
                type="button"
                className="link"
                onClick={() => openPattern(id)}
                data-testid="alert-open-pattern"
              >
                Open pattern
              </button>
            </div>
          </div>
        );
      })}
      {restCount > 0 && (
        <p className="muted" data-testid="alert-patterns-rest">
          and {formatCount(restCount)} events of other patterns
        </p>
      )}
    </section>
  );
}
