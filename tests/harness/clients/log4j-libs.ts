/**
 * Puts the jars of the Log4j 2 client (log4j-core with KafkaAppender, log4j-layout-template-json,
 * kafka-clients) in `.cache/log4j-client/<log4j.version>/libs`, resolved by Maven from
 * log4j/pom.xml, once; the same way tests/harness/kafka-libs.ts resolves the broker.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../kafka-libs';

export const LOG4J_CLIENT_DIR = path.join(__dirname, 'log4j');
const POM = path.join(LOG4J_CLIENT_DIR, 'pom.xml');
const COMPLETE_MARKER = '.complete';
const MAVEN_TIMEOUT_MS = 10 * 60_000;

export interface Log4jLibs {
  log4jVersion: string;
  kafkaClientsVersion: string;
  classpath: string;
}

function pomProperty(name: string): string {
  const match = new RegExp(`<${name}>([^<]+)</${name}>`).exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new Error(`no <${name}> property in ${POM}`);
  return match[1].trim();
}

export async function ensureLog4jLibs(log: (line: string) => void = console.log): Promise<Log4jLibs> {
  const log4jVersion = pomProperty('log4j.version');
  const kafkaClientsVersion = pomProperty('kafka.version');
  const versionDir = path.join(REPO_ROOT, '.cache', 'log4j-client', `${log4jVersion}-${kafkaClientsVersion}`);
  const libsDir = path.join(versionDir, 'libs');
  const libs = { log4jVersion, kafkaClientsVersion, classpath: path.join(libsDir, '*') };
  if (existsSync(path.join(libsDir, COMPLETE_MARKER))) return libs;

  log(
    `[log4j] resolving Log4j ${log4jVersion} and kafka-clients ${kafkaClientsVersion} with Maven (first run only)`,
  );
  mkdirSync(versionDir, { recursive: true });
  const staging = path.join(versionDir, `libs.staging-${process.pid}-${Date.now()}`);
  try {
    await runMaven(['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`]);
    for (const jar of [`log4j-core-${log4jVersion}.jar`, `log4j-layout-template-json-${log4jVersion}.jar`]) {
      if (!existsSync(path.join(staging, jar))) throw new Error(`Maven finished but ${jar} is missing`);
    }
    writeFileSync(path.join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    rmSync(libsDir, { recursive: true, force: true });
    try {
      renameSync(staging, libsDir);
    } catch (error) {
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
