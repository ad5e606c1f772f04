/**
 * Issue 19: polls `fleet:status` while the engine runs a cluster role, at most once a second (the
 * analyzers publish every 2 s). A failed call is shown once (runCommand's toast) and stops the
 * polling until the role changes, rather than repeating the same error every second.
 */
import { useEffect, useState } from 'react';
import type { FleetStatus } from '../../../core/contract';
import { runCommand } from '../transport/session';

export const FLEET_POLL_MS = 1000;

export function useFleetStatus(active: boolean): { fleet: FleetStatus | null; failed: boolean } {
  const [fleet, setFleet] = useState<FleetStatus | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      const next = await runCommand('fleet:status', {});
      if (stopped) return;
      if (next === null) {
        setFailed(true);
        return;
      }
      setFleet(next);
      timer = setTimeout(() => void poll(), FLEET_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      // A later role starts afresh: no stale fleet, no earlier failure.
      setFleet(null);
      setFailed(false);
    };
  }, [active]);
  return { fleet, failed };
}
