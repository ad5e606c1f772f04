/**
 * The server.properties of the single-node test broker: one JVM that is both KRaft controller and
 * broker, bound to loopback only, with every replication factor at 1 (there is one node) and no
 * rebalance delay (tests should not wait 3 s for each consumer group to form).
 *
 * Besides the PLAINTEXT listener that tests use, a SASL_PLAINTEXT listener accepts PLAIN,
 * SCRAM-SHA-256 and SCRAM-SHA-512 for one test user, so the client's SASL support is tested
 * against the real thing. (The SCRAM credentials are written by the storage format step.)
 */
export interface BrokerPorts {
  /** Clients connect here. */
  plaintext: number;
  /** Clients that authenticate connect here. */
  sasl: number;
  /** The KRaft controller quorum listens here. */
  controller: number;
}

export interface SaslUser {
  username: string;
  /** Random per broker, base64url: safe inside the JAAS string and the format tool's syntax. */
  password: string;
}

export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** `kafka-storage format` arguments that create the SCRAM credentials of the test user. */
export function scramFormatArgs(user: SaslUser): string[] {
  return SCRAM_MECHANISMS.flatMap((mechanism) => [
    '--add-scram',
    `${mechanism}=[name=${user.username},password=${user.password}]`,
  ]);
}

export function serverProperties(ports: BrokerPorts, logDir: string, user: SaslUser): string {
  const host = '127.0.0.1';
  const listeners = [
    `PLAINTEXT://${host}:${ports.plaintext}`,
    `SASL_PLAINTEXT://${host}:${ports.sasl}`,
    `CONTROLLER://${host}:${ports.controller}`,
  ].join(',');
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.bootstrap.servers': `${host}:${ports.controller}`,
    listeners,
    'advertised.listeners': listeners,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map':
      'PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    'sasl.enabled.mechanisms': ['PLAIN', ...SCRAM_MECHANISMS].join(','),
    'listener.name.sasl_plaintext.plain.sasl.jaas.config':
      'org.apache.kafka.common.security.plain.PlainLoginModule required ' +
      `user_${user.username}="${user.password}";`,
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'log.dirs': logDir,
    'num.partitions': 1,
    'auto.create.topics.enable': true,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // After a SIGKILL the restarted broker may register only once its old registration's session
    // has expired: 9 s by default, cut so that crash/restart tests do not sit idle.
    'broker.session.timeout.ms': 4000,
    'broker.heartbeat.interval.ms': 500,
    // Fewer threads than the defaults: the test machine has two cores shared with everything else.
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    'background.threads': 2,
    // Tests run minutes, not days: keep segments small so the data dir stays small.
    'log.segment.bytes': 64 * 1024 * 1024,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
    .concat('\n');
}
