/**
 * Jars from Maven Central into a cache folder, once: `mvn dependency:copy-dependencies` of a pom
 * into a private staging folder, checked, marked complete and renamed into place, so that two runs
 * starting at once (vitest and Playwright) never see each other's half-written folder and later runs
 * skip Maven entirely. Used for the test broker (kafka-libs.ts) and the Log4j client (clients/).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Written last, so a folder left half-copied by an interrupted run is never mistaken for done. */
const COMPLETE_MARKER = '.complete';
const MAVEN_TIMEOUT_MS = 10 * 60_000;

/** A `<name>` property of a pom: the single source of truth for a pinned version. */
export function pomProperty(pom: string, name: string): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</${name.replace(/\./g, '\\.')}>`).exec(
    readFileSync(pom, 'utf8'),
  );
  if (!match?.[1]) throw new Error(`no <${name}> property in ${pom}`);
  return match[1].trim();
}

/**
 * Ensures `libsDir` holds the pom's dependencies (at least `requiredJars`); `announce` is called
 * only when Maven has to run.
 */
export async function ensureMavenLibs(
  pom: string,
  libsDir: string,
  requiredJars: readonly string[],
  announce: () => void,
): Promise<void> {
  if (existsSync(path.join(libsDir, COMPLETE_MARKER))) return;
  announce();
  const parent = path.dirname(libsDir);
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `libs.staging-${process.pid}-${Date.now()}`);
  try {
    await runMaven(['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`]);
    for (const jar of requiredJars) {
      if (!existsSync(path.join(staging, jar))) throw new Error(`Maven finished but ${jar} is missing`);
    }
    writeFileSync(path.join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    rmSync(libsDir, { recursive: true, force: true }); // an unfinished leftover, if any
    try {
      renameSync(staging, libsDir);
    } catch (error) {
      // Another run finished first: its folder is just as good.
      if (!existsSync(path.join(libsDir, COMPLETE_MARKER))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function runMaven(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'mvn',
      args,
      { timeout: MAVEN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
        const hint =
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is Maven installed and on PATH?)' : '';
        reject(new Error(`mvn ${args.join(' ')} failed${hint}: ${error.message}\n${output}`));
      },
    );
  });
}
