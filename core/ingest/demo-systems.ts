/**
 * The Loghub systems the demo replays: which topic each feeds, under which service name, and in
 * which wire format its lines are written — chosen so that every parser (JSON in three key
 * styles, logfmt, RFC 3164, RFC 5424, plain text) sees traffic. Also the incident vocabulary.
 */
import type { LogFormat } from '../contract';
import type { TimeFormatName } from './demo-time-format';

export type DemoTopic = 'logs' | 'security' | 'performance';

/** JSON key styles: `classic` timestamp/level/service/message, `compact` ts(epoch ms)/severity/app/msg, `ecs` @timestamp/log.level/service.name. */
export type JsonStyle = 'classic' | 'compact' | 'ecs';

export interface DemoSystem {
  /** Loghub system name (its folder and file names). */
  name: string;
  topic: DemoTopic;
  service: string;
  /** Host written where the original line names none. */
  host: string;
  format: LogFormat;
  jsonStyle?: JsonStyle;
  /** Plain systems keep their own header; its leading timestamp is rewritten in this style. */
  plainTime?: TimeFormatName;
}

export const BASELINE_SYSTEMS: readonly DemoSystem[] = [
  { name: 'OpenSSH', topic: 'security', service: 'sshd', host: 'LabSZ', format: 'syslog3164' },
  { name: 'Linux', topic: 'security', service: 'linux', host: 'combo', format: 'syslog5424' },
  {
    name: 'Hadoop',
    topic: 'logs',
    service: 'hadoop-mapreduce',
    host: 'msra-sa-41',
    format: 'json',
    jsonStyle: 'classic',
  },
  { name: 'Spark', topic: 'logs', service: 'spark-executor', host: 'mesos-slave-07', format: 'logfmt' },
  {
    name: 'Zookeeper',
    topic: 'logs',
    service: 'zookeeper',
    host: 'zk-1',
    format: 'plain',
    plainTime: 'log4j',
  },
  {
    name: 'HDFS',
    topic: 'logs',
    service: 'hdfs-datanode',
    host: 'dn-10-251',
    format: 'plain',
    plainTime: 'compact',
  },
  { name: 'BGL', topic: 'logs', service: 'bgl-ras', host: 'bgl-sn1', format: 'json', jsonStyle: 'compact' },
  {
    name: 'Apache',
    topic: 'logs',
    service: 'apache-httpd',
    host: 'web-1',
    format: 'plain',
    plainTime: 'ctimeBracketed',
  },
  {
    name: 'OpenStack',
    topic: 'performance',
    service: 'nova-api',
    host: 'cp-1',
    format: 'json',
    jsonStyle: 'ecs',
  },
  {
    name: 'Proxifier',
    topic: 'performance',
    service: 'proxifier',
    host: 'ws-cuhk',
    format: 'plain',
    plainTime: 'monthDayBracketed',
  },
];

export function systemByName(name: string): DemoSystem | undefined {
  return BASELINE_SYSTEMS.find((s) => s.name === name);
}

/** Scripted incidents, in the order they cycle. */
export const INCIDENT_KINDS = ['ssh_brute_force', 'error_spike', 'latency', 'novel_template'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Topic an incident's lines go to; null = the topic of the system the line comes from. */
export const INCIDENT_TOPIC: Readonly<Record<IncidentKind, DemoTopic | null>> = {
  ssh_brute_force: 'security',
  error_spike: null,
  latency: 'performance',
  novel_template: null,
};
