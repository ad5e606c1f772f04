/**
 * Standalone `workers: N` (issue 19 item 3, docs/scaling.md "Standalone on every core"): a private
 * in-process cluster. The engine's own thread is worker 1; threads 2 … N are ordinary engines in
 * worker_threads, each one more member of the installation's consumer group, sending each batch's
 * alert evidence over a MessagePort (never Kafka). Here, on the main thread, that evidence is
 * validated, folded into the ONE alert store and journaled with its log offset (apply-evidence.ts),
 * then acknowledged; the thread commits only then. The threads' live tail joins the main engine's.
 * A thread that ends is named in the health, and the group gives its partitions to the others.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { LiveLog, StartRequest } from '../../contract';
import type { AlertManager } from '../../alerts';
import type { RawMessage } from '../../ingest/source';
import type { AppliedOffset } from '../../alerts/history-offsets';
import type { HistoryWriter } from '../../history';
import type { EngineClient } from '../client';
import { startEngineWorker } from '../worker-client';
import type { EngineWorkerOptions } from '../worker-protocol';
import { parseWorkerStatus, type WorkerStatus } from '../workers/worker-status';
import { applyThreadBatch } from './apply-evidence';
import { Gate, partitionKey, partitionsOf, unapplied } from './main-gate';
import { ThreadMessage, type MainAnswer } from './protocol';

const POLL_MS = 1000;
/** Longest wait for the threads to stop (each commits its batch in hand) and to end: never a hang. */
const STOP_MS = 30_000;

/** Waits for `work` at most `ms`, whatever it does. */
const within = (work: Promise<unknown>, ms: number): Promise<void> =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void work.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });

export interface StandaloneThreadsOptions {
  engine: EngineWorkerOptions;
  /** The standalone Kafka start, its consumer group decided (installation-group.ts). */
  request: Extract<StartRequest, { source: 'kafka' }>;
  /** Threads in all, the engine's own included (N ≥ 2). */
  workers: number;
  alerts: AlertManager;
  now: () => number;
  /** The main engine's history, which stores the threads' analyzed logs too (null: off). */
  history: Pick<HistoryWriter, 'offerColumns'> | null;
  /** The threads' live-tail rows (already sampled and bounded by each thread). */
  onTail: (logs: LiveLog[], dropped: number) => void;
  spawn?: (options: EngineWorkerOptions) => Promise<EngineClient>;
}

export class StandaloneThreads {
  /** Evidence batches applied, refused as applied already, and messages refused as invalid. */
  readonly counters = { applied: 0, duplicate: 0, overlap: 0, invalid: 0, failed: 0, skippedLogs: 0 };
  private readonly gate = new Gate();
  private notes = 0;
  private last: readonly WorkerStatus[] = [];
  private failure: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private threads: EngineClient[] = [];
  private readonly ports: MessagePort[] = [];

  /** The installation's consumer group: the applied offsets are this group's. */
  private readonly group: string;

  private constructor(private readonly options: StandaloneThreadsOptions) {
    this.group = options.request.kafka.groupId ?? '';
  }

  readonly workers = (): number => this.options.workers;

  static async start(options: StandaloneThreadsOptions): Promise<StandaloneThreads> {
    const self = new StandaloneThreads(options);
    const spawn = options.spawn ?? startEngineWorker;
    const spawned = await Promise.allSettled(
      Array.from({ length: options.workers - 1 }, (_, i) => {
        const channel = new MessageChannel();
        self.listen(channel.port1);
        const spec = { index: i + 2, port: channel.port2, history: options.history !== null };
        return spawn({ ...options.engine, standaloneWorker: spec });
      }),
    );
    self.threads = spawned.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const start: StartRequest = { source: 'kafka', kafka: options.request.kafka };
    try {
      const failed = spawned.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      await Promise.all(self.threads.map((t) => t.call('engine:start', start)));
    } catch (error) {
      await self.close();
      throw error;
    }
    void self.poll();
    self.timer = setInterval(() => void self.poll(), POLL_MS);
    self.timer.unref();
    return self;
  }

  /** The main engine's own batch handler, through the gate and the ledger (main-gate.ts). */
  handler(
    process: (batch: readonly RawMessage[], applied: AppliedOffset[]) => Promise<void>,
  ): (batch: RawMessage[]) => Promise<void> {
    return (batch) =>
      this.gate.run(partitionsOf(batch), async () => {
        const { kept, offsets } = unapplied(this.options.alerts.applied, this.group, batch);
        if (kept.length < batch.length) {
          this.counters.skippedLogs += batch.length - kept.length;
          this.note(
            `${batch.length - kept.length} log(s) of a batch applied already by a worker thread: skipped`,
          );
        }
        if (kept.length > 0) await process(kept, offsets);
      });
  }

  /** The other threads' statuses as last polled, and which could not answer (or null). */
  polled(): { statuses: readonly WorkerStatus[]; failure: string | null } {
    return { statuses: this.last, failure: this.failure };
  }

  /** Stops every thread's source (each sends and commits its batch in hand), then ends them. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await within(Promise.allSettled(this.threads.map((t) => t.call('engine:stop', {}))), STOP_MS);
    await this.close();
  }

  private async close(): Promise<void> {
    await within(Promise.allSettled(this.threads.map((t) => t.close())), STOP_MS);
    for (const port of this.ports) port.close();
  }

  private listen(port: MessagePort): void {
    this.ports.push(port);
    port.on('message', (raw: unknown) => {
      const parsed = ThreadMessage.safeParse(raw);
      if (!parsed.success) {
        this.counters.invalid++; // counted and shown in the status; the thread's batch times out
        return;
      }
      const message = parsed.data;
      if (message.type === 'tail') {
        this.options.onTail(message.logs, message.dropped);
        return;
      }
      if (message.type === 'history') {
        this.options.history?.offerColumns(message.batch); // bounded and counted there
        return;
      }
      void this.gate
        .run([partitionKey(message.topic, message.partition)], () =>
          applyThreadBatch(this.options.alerts, this.group, message, this.options.now()),
        )
        .then(
          (result): MainAnswer => {
            this.counters[result.outcome]++;
            if (result.outcome !== 'applied')
              this.note(
                `${message.topic}[${message.partition}] ${message.fetchedOffset}..${message.nextOffset} ` +
                  `from a worker thread is applied already (${result.outcome}): refused, fetched from ${result.seekTo}`,
              );
            const seekTo = result.outcome === 'applied' ? null : result.seekTo;
            return { type: 'ack', id: message.id, outcome: result.outcome, seekTo, reason: null };
          },
          (error: unknown): MainAnswer => {
            this.counters.failed++;
            const reason = error instanceof Error ? error.message : String(error);
            return { type: 'ack', id: message.id, outcome: 'failed', seekTo: null, reason };
          },
        )
        .then((answer) => port.postMessage(answer));
    });
  }

  /** A refusal or a skip, on stderr: the first 10, then every 1000th (never a flood). */
  private note(text: string): void {
    this.notes++;
    if (this.notes <= 10 || this.notes % 1000 === 0) console.error(`[engine] ${text} (${this.notes} so far)`);
  }

  private async poll(): Promise<void> {
    const settled = await Promise.allSettled(
      this.threads.map(async (t, i) => parseWorkerStatus(await t.call('engine:status', {}), i + 2)),
    );
    const live: WorkerStatus[] = [];
    const failures: string[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') live.push(s.value);
      else
        failures.push(`worker ${i + 2}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`);
    });
    this.last = live;
    this.failure = failures.length === 0 ? null : failures.join('; ');
  }
}
