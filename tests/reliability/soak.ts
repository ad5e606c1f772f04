/**
 * `npm run soak [-- name ...]`: the reliability scenarios at soak sizes (the vitest versions in
 * tests/integration/reliability-*.test.ts run the same code smaller). Each prints one JSON line of
 * figures; the run exits non-zero when any target is missed or a scenario throws.
 * Names: restart, crash, bad-input, storm, disk (default: all, in that order).
 *
 * One broker is started for the scenarios that only use it (or KAFKA_BROKERS is used); the broker
 * restart scenario starts and kills its own.
 */
import { startKafka, type KafkaHandle } from '../harness/kafka';
import { alertStormScenario } from './scenarios/alert-storm';
import { badInputScenario } from './scenarios/bad-input';
import { brokerRestartScenario } from './scenarios/broker-restart';
import { diskTroubleScenario } from './scenarios/disk-trouble';
import { engineCrashScenario } from './scenarios/engine-crash';
import { reportLine, type ScenarioResult } from './support/figures';

const log = (line: string): void => console.log(line);

type Soak = (brokers: () => Promise<string[]>) => Promise<ScenarioResult>;

const SOAKS: Record<string, Soak> = {
  restart: () =>
    brokerRestartScenario({ logs: 200_000, perSecond: 5000, outageMs: 15_000, outageAfterMs: 8000, log }),
  crash: async (brokers) =>
    engineCrashScenario({ brokers: await brokers(), logs: 200_000, perSecond: 5000, killAtShare: 0.4, log }),
  'bad-input': async (brokers) =>
    badInputScenario({
      brokers: await brokers(),
      normalLogs: 100_000,
      perKind: 50,
      oversizedCount: 5,
      randomMessages: 300_000,
      log,
    }),
  storm: async (brokers) => alertStormScenario({ brokers: await brokers(), logs: 300_000, seconds: 30, log }),
  disk: async (brokers) =>
    diskTroubleScenario({
      brokers: await brokers(),
      perSecond: 2000,
      fullForMs: 60_000,
      alertsAfterRecovery: 100,
      log,
    }),
};

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in SOAKS));
  if (unknown.length > 0) {
    console.error(
      `unknown soak scenario(s): ${unknown.join(', ')}; choose from ${Object.keys(SOAKS).join(', ')}`,
    );
    return 2;
  }
  const names = asked.length > 0 ? asked : Object.keys(SOAKS);
  let kafka: KafkaHandle | null = null;
  const brokers = async (): Promise<string[]> => {
    kafka ??= await startKafka({ log });
    return kafka.brokers;
  };
  const failed: string[] = [];
  try {
    for (const name of names) {
      const started = Date.now();
      try {
        const result = await SOAKS[name]!(brokers);
        console.log(reportLine(result));
        if (result.failures.length > 0) failed.push(name);
      } catch (error) {
        console.log(JSON.stringify({ test: `soak-${name}`, error: (error as Error).message, pass: false }));
        failed.push(name);
      }
      log(`[soak] ${name} finished in ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    await (kafka as KafkaHandle | null)?.stop();
  }
  log(
    `[soak] ${names.length - failed.length} passed, ${failed.length} failed${failed.length > 0 ? `: ${failed.join(', ')}` : ''}`,
  );
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
