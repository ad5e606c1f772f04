/**
 * An alert's samples, each with where and when it was seen when the engine says so (`sampleRefs`,
 * parallel to `samples`; absent in alerts from engines or journals that predate it, and then only
 * the text is shown).
 */
import type { Alert } from '../../../../core/contract';
import { sampleRefsOf } from '../../lib/alert-fields';
import { formatDateTime } from '../../lib/format';

export function AlertSamples({ alert }: { alert: Alert }) {
  const refs = sampleRefsOf(alert);
  return (
    <section>
      <h4>Samples ({alert.samples.length})</h4>
      {alert.samples.length === 0 ? (
        <p className="muted">No samples kept.</p>
      ) : (
        alert.samples.map((sample, index) => {
          const ref = refs[index];
          return (
            <div key={index} className="sample">
              {ref !== undefined && (
                <p className="sample-meta muted" data-testid="alert-sample-meta">
                  <time data-testid="alert-sample-time">{formatDateTime(ref.time)}</time>
                  {ref.host !== null && (
                    <>
                      {' · '}
                      <span data-testid="alert-sample-host">{ref.host}</span>
                    </>
                  )}
                  {ref.topic !== undefined && (
                    <span className="mono">
                      {' · '}
                      {ref.topic}
                      {ref.partition !== undefined && `[${ref.partition}]`}
                      {ref.offset !== undefined && `@${ref.offset}`}
                    </span>
                  )}
                </p>
              )}
              <pre className="code" data-testid="alert-sample">
                {sample}
              </pre>
            </div>
          );
        })
      )}
    </section>
  );
}
