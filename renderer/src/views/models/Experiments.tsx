/**
 * The A/B part of the Models view: polls the registry once and the experiments every two seconds
 * while shown, lists the models to choose from and the live comparison of the latest experiment.
 */
import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { applyExperiments, applyRegistry, useExperimentsStore } from '../../stores/experiments';
import { runCommand } from '../../transport/session';
import { ExperimentPanel } from './ExperimentPanel';
import { ModelRegistry } from './ModelRegistry';

const POLL_MS = 2000;

export function Experiments({ connected }: { connected: boolean }) {
  const registry = useExperimentsStore((state) => state.registry);
  const experiments = useExperimentsStore((state) => state.experiments);

  useEffect(() => {
    if (!connected) return;
    let stopped = false;
    void runCommand('models:list', {}).then((listing) => {
      if (!stopped && listing !== null) applyRegistry(listing.models);
    });
    const poll = async () => {
      const out = await runCommand('experiments:list', {});
      if (!stopped && out !== null) applyExperiments(out.experiments);
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [connected]);

  const latest = experiments[0] ?? null;
  const deciding = latest !== null && ['running', 'promoted', 'completed'].includes(latest.state);
  return (
    <>
      {registry === null ? (
        <EmptyState title="Loading the model registry…" tone="loading" />
      ) : (
        <ModelRegistry registry={registry} deciding={deciding} />
      )}
      {latest === null ? (
        <EmptyState title="No experiment">
          Choose two or more models above to split live traffic between them and compare them.
        </EmptyState>
      ) : (
        <ExperimentPanel experiment={latest} />
      )}
    </>
  );
}
