/**
 * Puts the jars of a real Apache Kafka broker in `.cache/kafka/<version>/libs`, resolved by Maven
 * from tests/harness/pom.xml (through the local ~/.m2, as Maven does by default). Done once per
 * version: later runs find the finished directory and skip Maven entirely.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const HARNESS_DIR = __dirname;
export const REPO_ROOT = path.resolve(HARNESS_DIR, '..', '..');
const POM = path.join(HARNESS_DIR, 'pom.xml');
/** Written last, so a directory left half-copied by an interrupted run is never mistaken for done. */
const COMPLETE_MARKER = '.complete';
const MAVEN_TIMEOUT_MS = 10 * 60_000;

export interface KafkaLibs {
  version: string;
  libsDir: string;
  /** A java `-cp` value: every jar in libsDir. */
  classpath: string;
}

/** The broker version the pom pins; the single source of truth for it. */
export function kafkaVersionFromPom(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new Error(`no <kafka.version> property in ${POM}`);
  return match[1].trim();
}

export async function ensureKafkaLibs(log: (line: string) => void = console.log): Promise<KafkaLibs> {
  const version = kafkaVersionFromPom();
  const versionDir = path.join(REPO_ROOT, '.cache', 'kafka', version);
  const libsDir = path.join(versionDir, 'libs');
  const libs = { version, libsDir, classpath: path.join(libsDir, '*') };
  if (existsSync(path.join(libsDir, COMPLETE_MARKER))) return libs;

  log(
    `[kafka] resolving Apache Kafka ${version} with Maven into ${path.relative(REPO_ROOT, libsDir)} (first run only)`,
  );
  mkdirSync(versionDir, { recursive: true });
  // Copy into a private directory and rename it into place, so that two runs starting at once
  // (vitest and Playwright) never see each other's half-written directory.
  const staging = path.join(versionDir, `libs.staging-${process.pid}-${Date.now()}`);
  try {
    await runMaven(['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`]);
    const brokerJar = path.join(staging, `kafka_2.13-${version}.jar`);
    if (!existsSync(brokerJar)) throw new Error(`Maven finished but ${brokerJar} is missing`);
    writeFileSync(path.join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    rmSync(libsDir, { recursive: true, force: true }); // an unfinished leftover, if any
    try {
      renameSync(staging, libsDir);
    } catch (error) {
      // Another run finished first: its directory is just as good.
      if (!existsSync(path.join(libsDir, COMPLETE_MARKER))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return libs;
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
