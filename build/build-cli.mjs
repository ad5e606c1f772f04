/**
 * Builds the `vigil` command (core/cli/vigil.ts), the engine's worker thread and the history's thread
 * into out/cli/ with esbuild: three self-contained CommonJS files for Node 20, so that `vigil serve` and `vigil analyze`
 * start without compiling TypeScript. onnxruntime-node (native) and kafkajs stay in node_modules.
 *
 * Also writes out/cli/inputs.json, the repository files the bundles were built from, which the
 * launcher (core/cli/launcher.cjs) compares with the bundle's time to rebuild a stale build.
 *
 * `node build/build-cli.mjs` (part of `npm run build`), or `buildCli()` from the launcher.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = join(root, 'out', 'cli');

export async function buildCli() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      vigil: 'core/cli/vigil.ts',
      'engine-worker': 'core/engine/worker-entry.ts',
      'history-thread': 'core/history/history-thread.ts',
    },
    outdir: CLI_OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['onnxruntime-node', 'kafkajs', '@duckdb/node-api'],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'linked',
    write: false,
  });
  // Each file is written beside its place and renamed into it, so that a `vigil` starting while
  // another one builds never loads a half-written bundle.
  mkdirSync(CLI_OUT_DIR, { recursive: true });
  const place = (path, contents) => {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  };
  for (const file of result.outputFiles) place(file.path, file.contents);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((file) => !file.startsWith('node_modules/'))
    .sort();
  place(join(CLI_OUT_DIR, 'inputs.json'), JSON.stringify(inputs) + '\n');
  return { inputs: inputs.length };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  buildCli().then(
    ({ inputs }) =>
      console.error(
        `build-cli: out/cli/vigil.js, engine-worker.js and history-thread.js from ${inputs} files in ${Date.now() - started} ms`,
      ),
    (err) => {
      console.error(`build-cli: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
