/** The OpenTelemetry log data model in JSON (an OTLP/JSON LogRecord with its resource). */
import type { ProducerShape } from './types';

export const OTEL_SHAPES: readonly ProducerShape[] = [
  {
    id: 'otel',
    title: 'OpenTelemetry log record (OTLP JSON: timeUnixNano, severityNumber 1–24, body, resource)',
    reference:
      'https://opentelemetry.io/docs/specs/otel/logs/data-model/; https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-logs/',
    requires: [],
    anyOf: ['severityNumber', 'severityText', 'timeUnixNano', 'observedTimeUnixNano'],
    roles: {
      time: ['timeUnixNano', 'observedTimeUnixNano'],
      level: ['severityNumber', 'severityText'],
      message: ['body.stringValue', 'body'],
      service: ['resource.attributes.service.name'],
      serviceFallback: ['resource.attributes.k8s.container.name', 'scope.name'],
      host: ['resource.attributes.host.name', 'resource.attributes.k8s.node.name'],
      errorType: ['attributes.exception.type'],
      errorMessage: ['attributes.exception.message'],
      stackTrace: ['attributes.exception.stacktrace'],
    },
    levelScale: 'otel',
    keyValueLists: ['attributes', 'resource.attributes'],
  },
];
