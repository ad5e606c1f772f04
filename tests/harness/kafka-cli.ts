/**
 * `npm run kafka`: a real local Kafka broker for development. Prints the bootstrap address, runs
 * until Ctrl-C (or SIGTERM), then stops the broker and deletes its data.
 */
import { startKafka } from './kafka';

async function main(): Promise<void> {
  const kafka = await startKafka();
  console.log(`[kafka] bootstrap address: ${kafka.brokers.join(',')}`);
  console.log(`[kafka] e.g.  KAFKA_BROKERS=${kafka.brokers.join(',')} npm run test:integration`);
  if (kafka.sasl) {
    // A throwaway credential of a loopback-only development broker, printed so it can be used.
    const { brokers, username, password } = kafka.sasl;
    console.log(
      `[kafka] SASL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512): ${brokers.join(',')} user ${username} password ${password}`,
    );
  }
  console.log('[kafka] press Ctrl-C to stop');
  // The broker child is unref'd (so tests never hang on it); this timer is what keeps us running.
  const keepAlive = setInterval(() => undefined, 60_000);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[kafka] ${signal}: stopping the broker...`);
    kafka
      .stop()
      .catch((error: unknown) => {
        console.error('[kafka] stop failed:', error);
        process.exitCode = 1;
      })
      .finally(() => clearInterval(keepAlive));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
