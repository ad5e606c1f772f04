/**
 * `npm run serve -- [--port N] [--demo] [--host 127.0.0.1] [--data-dir DIR]`: the headless host.
 * One engine per data folder: a second host on the same folder exits with status 1, naming the owner.
 * Runs the engine in a worker thread, serves the console and its API on loopback, and prints the one line
 * that carries the token:
 *   Vigil console: http://127.0.0.1:3000/?token=...
 * SIGINT/SIGTERM stop the engine (committing offsets, flushing history) and close the server.
 */
import { mkdir } from 'node:fs/promises';
import type { EngineClient } from '../engine/client';
import { packageRoot } from '../paths';
import { startEngineWorker } from '../engine/worker-client';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';
import { historySettings } from '../history';
import { engineSettings, readHostSettings, withHostSettings } from './host-settings';
import { ArgsError, parseHostArgs, USAGE, type HostArgs } from './args';
import { resolveToken, TokenError } from './auth';
import { startHostServer, type HostServer } from './server';

const SHUTDOWN_DEADLINE_MS = 20_000;

function fail(message: string, code: number): never {
  console.error(`vigil serve: ${message}`);
  process.exit(code);
}

async function main(): Promise<void> {
  let args: HostArgs;
  let token: string;
  try {
    args = parseHostArgs(process.argv.slice(2), process.cwd(), packageRoot);
    token = resolveToken(process.env.VIGIL_TOKEN);
  } catch (err) {
    if (err instanceof ArgsError) fail(`${err.message}\n${USAGE}`, 2);
    if (err instanceof TokenError) fail(err.message, 2);
    throw err;
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }

  await mkdir(args.dataDir, { recursive: true });
  try {
    acquireDataDirLock(args.dataDir, 'vigil serve');
  } catch (err) {
    if (err instanceof DataDirLockedError) fail(err.message, 1);
    throw err;
  }
  console.error(`vigil serve: starting the engine (data in ${args.dataDir})`);
  // The engine runs in a worker thread, as in the desktop app: HTTP stays responsive at full load.
  const engine = withHostSettings(
    await startEngineWorker({
      dataDir: args.dataDir,
      ...(args.modelsDir !== null ? { modelsDir: args.modelsDir } : {}),
      rulesDir: args.rulesDir,
      userModelsDir: args.userModelsDir,
      // Read when the engine starts, like rulesDir: who acts, and how alerts group into incidents.
      ...engineSettings(args.dataDir),
      history: historySettings(readHostSettings(args.dataDir)),
    }),
    args.dataDir,
  );

  let server: HostServer;
  try {
    server = await startHostServer({
      engine,
      token,
      host: args.host,
      port: args.port,
      rendererDir: args.rendererDir,
    });
  } catch (err) {
    await engine.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${args.port} is already in use; pick another with --port`, 1);
    throw err;
  }
  installShutdown(engine, server);

  if (args.demo) {
    try {
      await engine.call('engine:start', { source: 'demo' });
      console.error('vigil serve: demo source started');
    } catch (err) {
      console.error(`vigil serve: could not start the demo source: ${(err as Error).message}`);
      await shutdown(engine, server, 1);
    }
  }
  // The only place the token is ever printed.
  console.log(`Vigil console: ${server.origin}/?token=${token}`);
}

let shuttingDown = false;

async function shutdown(engine: EngineClient, server: HostServer, exitCode: number): Promise<never> {
  shuttingDown = true;
  const deadline = setTimeout(() => {
    console.error('vigil serve: shutdown took too long; exiting without a clean stop');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  try {
    await server.close();
    const status = await engine.call('engine:status', {}).catch(() => null);
    if (status?.running) await engine.call('engine:stop', {});
  } catch (err) {
    console.error(`vigil serve: stopping the engine failed: ${(err as Error).message}`);
    exitCode = exitCode || 1;
  }
  await engine
    .close()
    .catch((err: unknown) =>
      console.error(`vigil serve: closing the engine failed: ${(err as Error).message}`),
    );
  process.exit(exitCode);
}

function installShutdown(engine: EngineClient, server: HostServer): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      console.error(`vigil serve: ${signal} again; exiting now`);
      process.exit(1);
    }
    console.error(`vigil serve: ${signal} received; stopping the engine and closing the server`);
    void shutdown(engine, server, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Handlers are wrapped; anything that still escapes is reported and the host keeps serving.
  process.on('unhandledRejection', (reason) => {
    console.error(
      `vigil serve: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  });
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
