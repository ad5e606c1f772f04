/**
 * One real Apache Kafka broker (KRaft, combined broker+controller) run as a child JVM with the jars
 * Maven resolved. It owns a fresh temp data dir and two loopback ports for its whole life, so that
 * `restart()` brings back the same cluster (same ports, same data) after a stop or a SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { freePorts } from './free-port';
import { HARNESS_DIR, type KafkaLibs } from './kafka-libs';
import { waitForKafka } from './kafka-ready';
import {
  scramFormatArgs,
  serverProperties,
  type BrokerPorts,
  type SaslUser,
} from './kafka-server-properties';
import { LineTail } from './line-tail';
import { OrphanGuard } from './orphan-guard';

const LOG4J_CONFIG = path.join(HARNESS_DIR, 'log4j2.properties');
/** A graceful single-node shutdown takes 1-3 s; past this the broker is SIGKILLed. */
const GRACEFUL_STOP_MS = 20_000;

/** JVM flags shared by the storage tool and the broker. */
function jvmFlags(libs: KafkaLibs, dataDir: string): string[] {
  return [
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
    `-Dkafka.logs.dir=${path.join(dataDir, 'app-logs')}`,
    '-XX:+ExitOnOutOfMemoryError',
    '-cp',
    libs.classpath,
  ];
}

/** A KRaft cluster id: 16 random bytes, base64url; never starting with '-', which argparse would read as a flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

export class LocalBroker {
  readonly brokers: string[];
  /** The SASL_PLAINTEXT listener and the one user it knows (PLAIN and SCRAM-SHA-256/512). */
  readonly sasl: { brokers: string[] } & SaslUser;
  private child: ChildProcess | null = null;
  private exited: Promise<Exit> | null = null;
  private exit: Exit | null = null;
  private guard: OrphanGuard | null = null;
  private paused = false;
  private removed = false;
  readonly tail = new LineTail(300);

  private constructor(
    private readonly libs: KafkaLibs,
    private readonly ports: BrokerPorts,
    readonly dataDir: string,
  ) {
    this.brokers = [`127.0.0.1:${ports.plaintext}`];
    this.sasl = {
      brokers: [`127.0.0.1:${ports.sasl}`],
      username: 'vigil-test',
      password: randomBytes(12).toString('base64url'),
    };
  }

  /** Allocates ports and a data dir and formats the storage; does not start the broker yet. */
  static async create(libs: KafkaLibs): Promise<LocalBroker> {
    const [plaintext, sasl, controller] = await freePorts(3);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-kafka-'));
    const broker = new LocalBroker(
      libs,
      { plaintext: plaintext!, sasl: sasl!, controller: controller! },
      dataDir,
    );
    try {
      writeFileSync(
        broker.propertiesFile,
        serverProperties(broker.ports, path.join(dataDir, 'kraft'), broker.sasl),
      );
      await broker.format();
    } catch (error) {
      broker.removeDataDir();
      throw error;
    }
    return broker;
  }

  private get propertiesFile(): string {
    return path.join(this.dataDir, 'server.properties');
  }

  get running(): boolean {
    return this.child !== null && this.exit === null;
  }

  /** `kafka-storage format --standalone` (the broker refuses to start without), plus SCRAM users. */
  private async format(): Promise<void> {
    const args = [
      '-Xmx256m',
      // A short-lived tool: JIT beyond C1 and a parallel GC only cost startup time.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      ...jvmFlags(this.libs, this.dataDir),
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '--cluster-id',
      newClusterId(),
      '--config',
      this.propertiesFile,
      ...scramFormatArgs(this.sasl),
    ];
    const output = new LineTail(80);
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const exit = await exitOf(child);
    if (exit.error || exit.code !== 0) {
      throw new Error(
        `kafka storage format failed (${describeExit(exit)}) in ${this.dataDir}:\n${output.text()}`,
      );
    }
  }

  /** Starts the broker JVM and waits until it answers kafkajs. */
  async start(timeoutMs: number): Promise<void> {
    if (this.removed) throw new Error('this broker was stopped and its data deleted; start a new one');
    if (this.running) return;
    const args = [
      '-Xms128m',
      '-Xmx512m',
      ...jvmFlags(this.libs, this.dataDir),
      'kafka.Kafka',
      this.propertiesFile,
    ];
    this.exit = null;
    this.paused = false;
    // Its own process group, so a Ctrl-C in the terminal reaches only us and we stop it in order.
    const child = spawn('java', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.tail.push(`--- broker process ${child.pid ?? '?'} starting: java ${args.join(' ')}\n`);
    for (const stream of [child.stdout, child.stderr] as Readable[]) {
      stream.on('data', (chunk: Buffer) => this.tail.push(chunk));
      // Reading the broker's output must not keep a finished test run alive.
      (stream as unknown as Socket).unref?.();
    }
    child.unref();
    this.exited = exitOf(child).then((exit) => {
      this.exit = exit;
      return exit;
    });
    this.replaceGuard(child.pid ?? null);

    try {
      await waitForKafka(this.brokers, {
        timeoutMs,
        fatal: () =>
          this.exit ? `the broker process exited during startup (${describeExit(this.exit)})` : null,
      });
    } catch (error) {
      await this.terminate('SIGKILL');
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${reason}\n--- last lines of the broker log ---\n${this.tail.text(60)}`);
    }
  }

  /** Graceful shutdown (SIGTERM, SIGKILL after a grace period). Keeps the data dir. */
  async shutdown(): Promise<void> {
    await this.terminate('SIGTERM');
  }

  /** SIGKILL: the broker dies mid-flight, as in a crash. Keeps the data dir. */
  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  pause(): void {
    this.signal('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.signal('SIGCONT');
    this.paused = false;
  }

  /** CPU time the broker's JVM has used so far (user + system), in ms; null where /proc is not there. */
  cpuMs(): number | null {
    const pid = this.child?.pid;
    if (!this.running || pid === undefined) return null;
    return processCpuMs(pid);
  }

  /** Stops the broker and deletes everything it wrote. */
  async destroy(): Promise<void> {
    await this.terminate('SIGTERM');
    this.removeDataDir();
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.running || this.child?.pid === undefined) throw new Error('the broker is not running');
    process.kill(this.child.pid, signal);
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child?.pid !== undefined && this.exit === null && this.exited) {
      // The child is unref'd; while we wait for it, it must keep us alive, or a script whose only
      // pending work is this wait would exit before the broker's exit event arrives.
      child.ref();
      // A stopped (SIGSTOP) JVM cannot act on SIGTERM until it runs again.
      if (this.paused) safeKill(child.pid, 'SIGCONT');
      safeKill(child.pid, signal);
      const exitedInTime = await Promise.race([
        this.exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), GRACEFUL_STOP_MS).unref()),
      ]);
      if (!exitedInTime) {
        safeKill(child.pid, 'SIGKILL');
        await this.exited;
      }
    }
    this.paused = false;
    // The process is gone; only the data dir is left to guard until it is deleted.
    if (!this.removed) this.replaceGuard(null);
  }

  private replaceGuard(pid: number | null): void {
    this.guard?.disarm();
    this.guard = new OrphanGuard(pid, this.dataDir);
  }

  private removeDataDir(): void {
    this.guard?.disarm();
    this.guard = null;
    this.removed = true;
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'ENOENT' ? ' (java not found on PATH: a JDK 17+ is needed)' : '';
      resolve({ code: null, signal: null, error: `${error.message}${hint}` });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

function describeExit(exit: Exit): string {
  if (exit.error) return exit.error;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`;
}

function safeKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * utime + stime of a process from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms on
 * Linux); null elsewhere. The command name (field 2) may hold spaces, hence the split after `) `.
 */
function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    if (fields === undefined) return null;
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}
