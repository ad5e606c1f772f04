/**
 * Waits until a Kafka cluster answers a kafkajs admin `describeCluster`: the same client library
 * the product uses, so "ready" means ready for it, not merely "port open". Then waits for the
 * group coordinator too: on a fresh broker the first group request creates __consumer_offsets,
 * and without this the first test's consumer crashes once on "coordinator is loading".
 */
import { Kafka, logLevel } from 'kafkajs';

export interface WaitOptions {
  timeoutMs: number;
  /** Checked between attempts; a returned message aborts the wait (e.g. the broker process died). */
  fatal?: () => string | null;
}

export async function waitForKafka(brokers: string[], options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no attempt made';
  for (;;) {
    const fatal = options.fatal?.();
    if (fatal) throw new Error(fatal);
    const error = await describeOnce(brokers);
    if (error === null) return;
    lastError = error;
    if (Date.now() >= deadline) {
      throw new Error(
        `Kafka at ${brokers.join(',')} did not answer describeCluster within ${options.timeoutMs} ms (last error: ${lastError})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One attempt; `null` on success, else the reason it failed. */
async function describeOnce(brokers: string[]): Promise<string | null> {
  const admin = new Kafka({
    clientId: 'vigil-harness-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return 'cluster reports no brokers yet';
    await admin.fetchOffsets({ groupId: 'vigil-harness-probe', topics: [] });
    return null;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
