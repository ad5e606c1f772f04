/**
 * Puts the jars of a real Apache Kafka broker in `.cache/kafka/<version>/libs`, resolved by Maven
 * from tests/harness/pom.xml (through the local ~/.m2, as Maven does by default). Done once per
 * version: later runs find the finished directory and skip Maven entirely (maven-libs.ts).
 */
import path from 'node:path';
import { ensureMavenLibs, pomProperty } from './maven-libs';

export const HARNESS_DIR = __dirname;
export const REPO_ROOT = path.resolve(HARNESS_DIR, '..', '..');
const POM = path.join(HARNESS_DIR, 'pom.xml');

export interface KafkaLibs {
  version: string;
  libsDir: string;
  /** A java `-cp` value: every jar in libsDir. */
  classpath: string;
}

/** The broker version the pom pins; the single source of truth for it. */
export function kafkaVersionFromPom(): string {
  return pomProperty(POM, 'kafka.version');
}

export async function ensureKafkaLibs(log: (line: string) => void = console.log): Promise<KafkaLibs> {
  const version = kafkaVersionFromPom();
  const libsDir = path.join(REPO_ROOT, '.cache', 'kafka', version, 'libs');
  await ensureMavenLibs(POM, libsDir, [`kafka_2.13-${version}.jar`], () =>
    log(
      `[kafka] resolving Apache Kafka ${version} with Maven into ${path.relative(REPO_ROOT, libsDir)} (first run only)`,
    ),
  );
  return { version, libsDir, classpath: path.join(libsDir, '*') };
}
