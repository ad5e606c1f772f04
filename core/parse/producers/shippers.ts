/**
 * Shipper envelopes with Kubernetes metadata: Fluent Bit (kubernetes filter), Vector
 * (kubernetes_logs source) and Filebeat (add_kubernetes_metadata, ECS). The application's own line
 * is inside (`log` / `message`) and is parsed again; the envelope gives the container name or the
 * `app` label as service and the node as host, and keeps the pod as a field.
 */
import type { ProducerShape } from './types';

export const SHIPPER_SHAPES: readonly ProducerShape[] = [
  {
    id: 'fluent-bit-k8s',
    title: 'Fluent Bit tail + kubernetes filter',
    reference: 'https://docs.fluentbit.io/manual/pipeline/filters/kubernetes',
    requires: ['kubernetes'],
    anyOf: ['log'],
    roles: {
      time: ['time', '@timestamp', 'date'],
      message: ['log'],
      service: ['kubernetes.labels.app', 'kubernetes.labels.app.kubernetes.io/name'],
      serviceFallback: ['kubernetes.container_name'],
      host: ['kubernetes.host'],
    },
    envelope: true,
  },
  {
    id: 'vector-k8s',
    title: 'Vector kubernetes_logs source',
    reference: 'https://vector.dev/docs/reference/configuration/sources/kubernetes_logs/#output-data',
    requires: ['kubernetes', 'message', 'source_type'],
    roles: {
      time: ['timestamp'],
      message: ['message'],
      service: ['kubernetes.pod_labels.app', 'kubernetes.pod_labels.app.kubernetes.io/name'],
      serviceFallback: ['kubernetes.container_name'],
      host: ['kubernetes.pod_node_name'],
    },
    envelope: true,
  },
  {
    id: 'filebeat',
    title: 'Filebeat (ECS envelope; add_kubernetes_metadata)',
    reference:
      'https://www.elastic.co/guide/en/beats/filebeat/current/exported-fields-kubernetes-processor.html',
    requires: ['@timestamp', 'agent', 'message'],
    anyOf: ['input', 'log', 'ecs'],
    roles: {
      time: ['@timestamp'],
      message: ['message'],
      service: ['service.name', 'kubernetes.labels.app', 'kubernetes.labels.app_kubernetes_io/name'],
      serviceFallback: ['kubernetes.container.name', 'container.name'],
      host: ['kubernetes.node.name', 'host.name', 'host.hostname'],
    },
    envelope: true,
  },
];
