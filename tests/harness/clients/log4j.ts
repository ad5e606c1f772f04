/**
 * Log4j 2's KafkaAppender as a producer: a single-file Java program (log4j/VigilLog4jClient.java,
 * launched from source with the Maven-resolved classpath) logs the events of a plan through three
 * KafkaAppenders (log4j/log4j2-kafka.xml): JsonTemplateLayout with the stock EcsLayout.json, the
 * same with a `service.name` field, and the stock JsonLayout.json. One JVM run feeds three topics.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireCommand } from './require';
import { runToEnd, tempDir } from './process';
import { ensureLog4jLibs, LOG4J_CLIENT_DIR } from './log4j-libs';

/** The JVM compiles the source, starts Log4j and a Kafka producer: slow on a busy 2-core machine. */
const RUN_TIMEOUT_MS = 90_000;

export interface Log4jTopics {
  ecs: string;
  ecsService: string;
  jsonLayout: string;
}

export type PlannedException = 'timeout' | 'wrapped' | null;

export interface PlannedEvent {
  level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  logger: string;
  message: string;
  exception: PlannedException;
}

/** Runs the client over `plan`; resolves when every event was acknowledged by the broker. */
export async function runLog4jClient(
  brokers: string[],
  topics: Log4jTopics,
  plan: readonly PlannedEvent[],
): Promise<{ version: string }> {
  const libs = await runJvm('log4j2-kafka.xml', plan, {
    'vigil.brokers': brokers.join(','),
    'vigil.topic.ecs': topics.ecs,
    'vigil.topic.ecsService': topics.ecsService,
    'vigil.topic.jsonLayout': topics.jsonLayout,
  });
  return {
    version: `Log4j ${libs.log4jVersion} KafkaAppender (kafka-clients ${libs.kafkaClientsVersion})`,
  };
}

/**
 * Runs the client over `plan` with a plain-text File appender (log4j/log4j2-file.xml: the stock
 * PatternLayout, which writes an exception's stack trace as lines after the message) into `file`.
 */
export async function runLog4jToFile(
  plan: readonly PlannedEvent[],
  file: string,
): Promise<{ version: string }> {
  const libs = await runJvm('log4j2-file.xml', plan, { 'vigil.file': file });
  return { version: `Log4j ${libs.log4jVersion} PatternLayout` };
}

async function runJvm(
  config: string,
  plan: readonly PlannedEvent[],
  properties: Record<string, string>,
): Promise<Awaited<ReturnType<typeof ensureLog4jLibs>>> {
  const java = requireCommand('java', 'openjdk-17-jre-headless');
  const libs = await ensureLog4jLibs();
  const temp = tempDir('vigil-log4j-');
  try {
    const planFile = path.join(temp.dir, 'plan.tsv');
    writeFileSync(planFile, plan.map(planLine).join(''));
    const finished = await runToEnd(
      'Log4j client',
      java,
      [
        '-Xmx256m',
        '-XX:TieredStopAtLevel=1',
        '-XX:+UseSerialGC',
        `-Dlog4j2.configurationFile=${path.join(LOG4J_CLIENT_DIR, config)}`,
        ...Object.entries(properties).map(([key, value]) => `-D${key}=${value}`),
        '-cp',
        libs.classpath,
        path.join(LOG4J_CLIENT_DIR, 'VigilLog4jClient.java'),
        planFile,
      ],
      { timeoutMs: RUN_TIMEOUT_MS, guardDir: temp.dir },
    );
    if (!finished.output.includes(`logged ${plan.length}`)) {
      throw new Error(`the Log4j client did not log all ${plan.length} events:\n${finished.output}`);
    }
    return libs;
  } finally {
    temp.release();
  }
}

function planLine(event: PlannedEvent): string {
  for (const text of [event.logger, event.message]) {
    if (/[\t\n]/.test(text)) throw new Error(`plan text may not hold tabs or newlines: ${text}`);
  }
  return `${event.level}\t${event.logger}\t${event.message}\t${event.exception ?? '-'}\n`;
}
