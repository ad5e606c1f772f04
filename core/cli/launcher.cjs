#!/usr/bin/env node
/**
 * The `vigil` command (package.json `bin`): runs the compiled CLI in out/cli/vigil.js. In a checkout,
 * it first builds what is missing or older than its sources: the CLI bundle (esbuild, about a
 * second) and, for `vigil serve`, the console (out/renderer, `electron-vite build`). Build output
 * goes to stderr: stdout carries only results.
 */
'use strict';
const { existsSync, readFileSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..', '..');
const bundle = join(root, 'out', 'cli', 'vigil.js');
const rendererIndex = join(root, 'out', 'renderer', 'index.html');

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Why the CLI bundle must be built, or null. Sources that are absent (an installed package) do not count. */
function cliBuildReason() {
  const built = mtime(bundle);
  if (built < 0) return 'out/cli is not built';
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, 'out', 'cli', 'inputs.json'), 'utf8'));
  } catch {
    return null;
  }
  const stale = inputs.find((file) => mtime(join(root, file)) > built);
  return stale === undefined ? null : `${stale} changed since out/cli was built`;
}

/** Newest modification time of the files under `dir` (recursively). */
function newest(dir) {
  let latest = -1;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return latest;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : mtime(path));
  }
  return latest;
}

/** Why the console must be built, or null (sources absent: nothing to build from). */
function consoleBuildReason() {
  const built = mtime(rendererIndex);
  if (built < 0) return 'the console (out/renderer) is not built';
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'core', 'contract')));
  return sources > built ? 'the console sources changed since out/renderer was built' : null;
}

function fail(message) {
  console.error(`vigil: ${message}`);
  process.exit(1);
}

async function ensureCli() {
  const reason = cliBuildReason();
  if (reason === null) return;
  if (!existsSync(join(root, 'build', 'build-cli.mjs'))) fail(`${reason}; reinstall Vigil`);
  console.error(`vigil: ${reason}; building it`);
  try {
    const { buildCli } = await import(pathToFileURL(join(root, 'build', 'build-cli.mjs')).href);
    await buildCli();
  } catch (err) {
    fail(`building out/cli failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function ensureConsole(args) {
  if (args.some((arg) => arg === '--help' || arg === '-h' || arg.startsWith('--renderer-dir'))) return;
  const reason = consoleBuildReason();
  if (reason === null) return;
  const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!existsSync(electronVite)) fail(`${reason}, and electron-vite is not installed: run npm run build`);
  console.error(`vigil: ${reason}; building it (electron-vite build, about 20 s)`);
  const result = spawnSync(process.execPath, [electronVite, 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) fail(`building the console failed (electron-vite build exited ${result.status})`);
}

async function main() {
  const args = process.argv.slice(2);
  await ensureCli();
  if (args[0] === 'serve') ensureConsole(args.slice(1));
  require(bundle);
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
