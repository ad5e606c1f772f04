/**
 * An alert's samples, each with where and when it was seen and "Show surrounding logs" when the
 * engine says so (`sampleRefs`, parallel to `samples`; absent in alerts from engines or journals that
 * predate it, and then only the text is shown): components/SampleContext.tsx.
 */
import type { Alert } from '../../../../core/contract';
import { SampleContext } from '../../components/SampleContext';

export function AlertSamples({ alert }: { alert: Alert }) {
  return (
    <section>
      <h4>Samples ({alert.samples.length})</h4>
      {alert.samples.length === 0 ? (
        <p className="muted">No samples kept.</p>
      ) : (
        alert.samples.map((sample, index) => {
          return (
            <div key={index} className="sample">
              <pre className="code" data-testid="alert-sample">
                {sample}
              </pre>
              <SampleContext alert={alert} index={index} />
            </div>
          );
        })
      )}
    </section>
  );
}
