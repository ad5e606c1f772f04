/**
 * rsyslogd (Debian `rsyslog`) with omkafka (Debian `rsyslog-kafka`), run in the foreground with a
 * generated configuration (rsyslog-conf.ts): syslog lines sent to its imtcp input on a loopback
 * port, or the lines of a file it follows with imfile, come out on Kafka in omkafka's default
 * template (and in a JSON template when a topic for it is given).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../free-port';
import { ClientProcess, runToEnd, tempDir } from './process';
import { requireCommand, requireRsyslogModule } from './require';
import { rsyslogConfig, type RsyslogTopics } from './rsyslog-conf';

/** Where rsyslogd reads from: its imtcp input (lines sent with `send`), or a file it follows (imfile). */
export type RsyslogSource = { type: 'tcp' } | { type: 'file'; file: string; tag: string };

const START_TIMEOUT_MS = 15_000;

/** `rsyslogd 8.2302.0`, from `rsyslogd -v`. */
export function rsyslogVersion(): string {
  const rsyslogd = requireCommand('rsyslogd', 'rsyslog');
  const text = execFileSync(rsyslogd, ['-v'], { encoding: 'utf8', timeout: 5_000 });
  return `rsyslogd ${/rsyslogd\s+(\S+)/.exec(text)?.[1] ?? 'unknown'} with omkafka`;
}

export interface RsyslogHandle {
  /** Sends lines (each one syslog message, no newline inside) to the imtcp input. */
  send(lines: string[]): Promise<void>;
  /** Stops rsyslogd (omkafka flushes what it holds) and deletes its directory. */
  stop(): Promise<void>;
  logTail(): string;
}

export async function startRsyslog(
  brokers: string[],
  topics: RsyslogTopics,
  source: RsyslogSource = { type: 'tcp' },
): Promise<RsyslogHandle> {
  const rsyslogd = requireCommand('rsyslogd', 'rsyslog');
  requireRsyslogModule(source.type === 'tcp' ? 'imtcp' : 'imfile', 'rsyslog');
  requireRsyslogModule('omkafka', 'rsyslog-kafka');
  const temp = tempDir('vigil-rsyslog-');
  const workDir = path.join(temp.dir, 'work');
  mkdirSync(workDir);
  const port = await freePort();
  const conf = path.join(temp.dir, 'rsyslog.conf');
  const input =
    source.type === 'tcp'
      ? { type: 'imtcp' as const, port }
      : { type: 'imfile' as const, file: source.file, tag: source.tag };
  writeFileSync(conf, rsyslogConfig({ workDir, input, brokers, topics }));
  let child: ClientProcess | null = null;
  try {
    // -N1: a configuration check, so that a bad config fails with rsyslog's own words.
    await runToEnd('rsyslogd -N1', rsyslogd, ['-N1', '-f', conf], { timeoutMs: 10_000, guardDir: temp.dir });
    child = new ClientProcess(
      'rsyslogd',
      rsyslogd,
      ['-n', '-f', conf, '-i', path.join(temp.dir, 'rsyslogd.pid')],
      // Traditional syslog times carry no zone: rsyslogd reads them in its own, made UTC here.
      { guardDir: temp.dir, env: { ...process.env, TZ: 'UTC' } },
    );
    if (source.type === 'tcp') await waitForPort(port, child);
    else await stillRunning(child, 1_000);
  } catch (error) {
    await child?.stop();
    temp.release();
    throw error;
  }
  const running = child;
  return {
    send: (lines) => sendLines(port, lines),
    stop: async () => {
      await running.stop(10_000);
      temp.release();
    },
    logTail: () => running.tail.text(40),
  };
}

/** imfile has no port to wait for: the process must still be up after `ms` (a bad config ends it). */
async function stillRunning(child: ClientProcess, ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (!child.running) throw new Error(`rsyslogd exited during startup:\n${child.tail.text(40)}`);
}

async function waitForPort(port: number, child: ClientProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!child.running) {
      throw new Error(`rsyslogd exited during startup:\n${child.tail.text(40)}`);
    }
    if (await canConnect(port)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `rsyslogd did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms:\n${child.tail.text(40)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Plain TCP syslog framing (RFC 6587 non-transparent framing): one message per LF-ended line. */
function sendLines(port: number, lines: string[]): Promise<void> {
  const bad = lines.findIndex((line) => line.includes('\n'));
  if (bad >= 0) return Promise.reject(new Error(`line ${bad} holds a newline`));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      socket.end(lines.map((line) => `${line}\n`).join(''));
    });
    socket.once('error', reject);
    socket.once('close', (hadError) => (hadError ? undefined : resolve()));
  });
}
