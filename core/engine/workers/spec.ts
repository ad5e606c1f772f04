/**
 * One engine thread of an analyzer (issue 19 item 3, docs/scaling.md "Analysis on every core"): what
 * the thread needs to be its own member of the cluster's log group with its own transactional
 * evidence publisher. Structured-clone safe (it travels as workerData).
 */
import { availableParallelism } from 'node:os';
import { MAX_WORKERS, roleOf, type KafkaConfig, type StartRequest } from '../../contract';
import { clusterGroups } from '../../cluster/topics';

export interface AnalyzerWorkerSpec {
  /** The log consumer's configuration (brokers, topics, SASL/TLS): the same for every worker. */
  kafka: KafkaConfig;
  cluster: string;
  /** The analyzer's id; this thread publishes as `<analyzerId>-w<index>`. */
  analyzerId: string;
  /** 1 … N. */
  index: number;
}

/** The id a worker publishes under: its transactional id is `vigil.<cluster>.analyzer.<this>`. */
export function workerAnalyzerId(analyzerId: string, index: number): string {
  return `${analyzerId}-w${index}`;
}

/** The worker's own data folder, emptied at each start: its local alert store must start empty. */
export function workerDataDirName(index: number): string {
  return `analyzer-workers/w${index}`;
}

/** How many engine threads a start runs: one for the demo; `workers`, else the cores for an analyzer, else one. */
export function workersOf(request: StartRequest, cores = availableParallelism()): number {
  if (request.source !== 'kafka') return 1; // the demo source runs one engine thread
  if (request.workers !== undefined) return request.workers;
  return roleOf(request) === 'analyzer' ? Math.max(1, Math.min(cores, MAX_WORKERS)) : 1;
}

/** The plain (standalone-shaped) start each worker's engine runs: the cluster's log group. */
export function workerStart(spec: AnalyzerWorkerSpec): StartRequest {
  return { source: 'kafka', kafka: { ...spec.kafka, groupId: clusterGroups(spec.cluster).logs } };
}
