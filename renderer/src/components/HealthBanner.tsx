/** The engine's health verdict with its reasons, colored by status. */
import type { EngineStatus, HealthStatus } from '../../../core/contract';

const HEALTH_TITLES: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
  stopped: 'Engine stopped',
};

export function HealthBanner({ status }: { status: EngineStatus | null }) {
  if (status === null) {
    return (
      <section
        className="health health-unknown"
        data-testid="health-banner"
        data-status="unknown"
        role="status"
      >
        <div className="health-title">Waiting for the engine…</div>
      </section>
    );
  }
  const { health } = status;
  const title =
    !status.running || health.status === 'stopped' ? 'Engine stopped' : HEALTH_TITLES[health.status];
  return (
    <section
      className={`health health-${health.status}${status.running ? '' : ' health-stopped'}`}
      data-testid="health-banner"
      data-status={health.status}
      data-running={status.running}
      role="status"
    >
      <div className="health-title">
        <span className="health-dot" aria-hidden="true" />
        {title}
        {status.running && status.source !== null && (
          <span className="health-source">source: {status.source}</span>
        )}
      </div>
      {health.reasons.length > 0 && (
        <ul className="health-reasons">
          {health.reasons.map((reason, index) => (
            <li key={index}>{reason}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
