/**
 * Puts the jars of the Log4j 2 client (log4j-core with KafkaAppender, log4j-layout-template-json,
 * kafka-clients) in `.cache/log4j-client/<log4j.version>-<kafka.version>/libs`, resolved by Maven
 * from log4j/pom.xml, once; the same way the broker's jars are (../maven-libs.ts).
 */
import path from 'node:path';
import { REPO_ROOT } from '../kafka-libs';
import { ensureMavenLibs, pomProperty } from '../maven-libs';

export const LOG4J_CLIENT_DIR = path.join(__dirname, 'log4j');
const POM = path.join(LOG4J_CLIENT_DIR, 'pom.xml');

export interface Log4jLibs {
  log4jVersion: string;
  kafkaClientsVersion: string;
  classpath: string;
}

export async function ensureLog4jLibs(log: (line: string) => void = console.log): Promise<Log4jLibs> {
  const log4jVersion = pomProperty(POM, 'log4j.version');
  const kafkaClientsVersion = pomProperty(POM, 'kafka.version');
  const libsDir = path.join(
    REPO_ROOT,
    '.cache',
    'log4j-client',
    `${log4jVersion}-${kafkaClientsVersion}`,
    'libs',
  );
  const required = [`log4j-core-${log4jVersion}.jar`, `log4j-layout-template-json-${log4jVersion}.jar`];
  await ensureMavenLibs(POM, libsDir, required, () =>
    log(
      `[log4j] resolving Log4j ${log4jVersion} and kafka-clients ${kafkaClientsVersion} with Maven (first run only)`,
    ),
  );
  return { log4jVersion, kafkaClientsVersion, classpath: path.join(libsDir, '*') };
}
