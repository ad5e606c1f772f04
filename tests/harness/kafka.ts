/**
 * A real Kafka for tests, benchmarks and `npm run kafka`.
 *
 *   const kafka = await startKafka();   // resolves once kafkajs can talk to it
 *   ... kafka.brokers ...
 *   await kafka.stop();                 // broker gone, data dir deleted
 *
 * With KAFKA_BROKERS=host:port[,host:port] set, that cluster is used instead and nothing is
 * started (it must answer within the start timeout, else startKafka rejects). A plain function on
 * purpose: vitest's and Playwright's global setups and the CLI all call it the same way.
 */
import { ensureKafkaLibs } from './kafka-libs';
import { waitForKafka } from './kafka-ready';
import { LocalBroker } from './local-broker';

export interface StartKafkaOptions {
  /** How long the broker may take to answer; default KAFKA_START_TIMEOUT_MS or 90 s. */
  startTimeoutMs?: number;
  /** Where progress lines go (default console.log). */
  log?: (line: string) => void;
  /** Start a local broker even when KAFKA_BROKERS is set (for tests that kill or restart it). */
  ignoreExternal?: boolean;
}

/** A listener that requires SASL (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512) and its one user. */
export interface SaslEndpoint {
  brokers: string[];
  username: string;
  password: string;
}

export interface KafkaHandle {
  readonly brokers: string[];
  /** The SASL listener; null for an external cluster (we do not know its users). */
  readonly sasl: SaslEndpoint | null;
  /** The Apache Kafka version started, or 'external' for a KAFKA_BROKERS cluster. */
  readonly version: string;
  /** True for a KAFKA_BROKERS cluster: stop() leaves it alone; kill/restart/pause/resume throw. */
  readonly external: boolean;
  /** Graceful shutdown, then the data dir is deleted. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL the broker (a crash); the data dir is kept so that restart() can bring it back. */
  kill(): Promise<void>;
  /** Stops the broker if it runs and starts it again on the same ports and data; resolves when ready. */
  restart(): Promise<void>;
  /** SIGSTOP: the broker is alive but answers nothing (a hung broker). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** The last lines the broker logged (empty for an external cluster). */
  logTail(lines?: number): string;
  /** CPU time the local broker has used so far, in ms (for benchmarks); null for an external cluster. */
  cpuMs(): number | null;
}

const DEFAULT_START_TIMEOUT_MS = 90_000;
const BROKER_ADDRESS = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;

export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaHandle> {
  const log = options.log ?? ((line: string) => console.log(line));
  const timeoutMs = options.startTimeoutMs ?? startTimeoutFromEnv();
  const external = process.env.KAFKA_BROKERS?.trim();
  if (external && !options.ignoreExternal) return useExternalCluster(external, timeoutMs, log);

  const libs = await ensureKafkaLibs(log);
  const startedAt = Date.now();
  const broker = await LocalBroker.create(libs);
  const formattedAt = Date.now();
  try {
    await broker.start(timeoutMs);
  } catch (error) {
    await broker.destroy();
    throw error;
  }
  log(
    `[kafka] Apache Kafka ${libs.version} broker started at ${broker.brokers.join(',')} in ` +
      `${seconds(Date.now() - startedAt)} (storage format ${seconds(formattedAt - startedAt)})`,
  );

  let stopping: Promise<void> | null = null;
  return {
    brokers: broker.brokers,
    sasl: broker.sasl,
    version: libs.version,
    external: false,
    stop: () => {
      stopping ??= broker.destroy().then(() => log(`[kafka] broker ${broker.brokers.join(',')} stopped`));
      return stopping;
    },
    kill: () => broker.kill(),
    restart: async () => {
      const begun = Date.now();
      await broker.shutdown();
      await broker.start(timeoutMs);
      log(`[kafka] broker restarted at ${broker.brokers.join(',')} in ${seconds(Date.now() - begun)}`);
    },
    pause: () => broker.pause(),
    resume: () => broker.resume(),
    logTail: (lines) => broker.tail.text(lines),
    cpuMs: () => broker.cpuMs(),
  };
}

async function useExternalCluster(
  list: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<KafkaHandle> {
  const brokers = list
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address.length > 0);
  const invalid = brokers.filter((address) => !BROKER_ADDRESS.test(address));
  if (brokers.length === 0 || invalid.length > 0) {
    throw new Error(`KAFKA_BROKERS must be host:port[,host:port...]; got ${JSON.stringify(list)}`);
  }
  await waitForKafka(brokers, { timeoutMs });
  log(`[kafka] using the external cluster KAFKA_BROKERS=${brokers.join(',')} (nothing started)`);
  const refusal = (what: string): Error =>
    new Error(`cannot ${what} the external cluster named by KAFKA_BROKERS; unset it to get a local broker`);
  return {
    brokers,
    sasl: null,
    version: 'external',
    external: true,
    stop: () => Promise.resolve(),
    kill: () => Promise.reject(refusal('kill')),
    restart: () => Promise.reject(refusal('restart')),
    pause: () => {
      throw refusal('pause');
    },
    resume: () => {
      throw refusal('resume');
    },
    logTail: () => '',
    cpuMs: () => null,
  };
}

function startTimeoutFromEnv(): number {
  const raw = process.env.KAFKA_START_TIMEOUT_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_START_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `KAFKA_START_TIMEOUT_MS must be a positive number of milliseconds; got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
