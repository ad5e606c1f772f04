/** Java producers: Log4j 2 (ECS layout, JsonTemplateLayout's stock templates) and Logback. */
import type { ProducerShape } from './types';

export const JAVA_SHAPES: readonly ProducerShape[] = [
  {
    id: 'log4j2-json-layout',
    title: 'Log4j 2 JsonLayout / JsonTemplateLayout JsonLayout.json (instant, loggerName, thrown)',
    reference:
      'https://logging.apache.org/log4j/2.x/manual/layouts.html#JSONLayout; https://logging.apache.org/log4j/2.x/manual/json-template-layout.html (JsonLayout.json)',
    requires: ['level', 'loggerName'],
    anyOf: ['instant', 'timeMillis', 'loggerFqcn', 'thrown', 'endOfBatch'],
    roles: {
      time: ['instant', 'timeMillis'],
      level: ['level'],
      message: ['message'],
      serviceFallback: ['loggerName'],
    },
    thrownObject: 'thrown',
  },
  {
    id: 'log4j2-ecs',
    title: 'Log4j 2 EcsLayout / JsonTemplateLayout EcsLayout.json (any ECS logger)',
    reference:
      'https://logging.apache.org/log4j/2.x/manual/json-template-layout.html (EcsLayout.json); https://github.com/elastic/ecs-logging-java',
    requires: [],
    anyOf: ['ecs.version', 'ecs', 'log.level'],
    roles: {
      time: ['@timestamp'],
      level: ['log.level'],
      message: ['message'],
      service: ['service.name'],
      serviceFallback: ['log.logger', 'event.dataset'],
      host: ['host.name', 'host.hostname'],
      errorType: ['error.type'],
      errorMessage: ['error.message'],
      stackTrace: ['error.stack_trace'],
    },
  },
  {
    id: 'logstash-json',
    title: 'Logback logstash-logback-encoder, Log4j 2 JsonTemplateLayout LogstashJsonEventLayoutV1.json',
    reference:
      'https://github.com/logfellow/logstash-logback-encoder#standard-fields; https://logging.apache.org/log4j/2.x/manual/json-template-layout.html',
    requires: ['@timestamp', '@version'],
    anyOf: ['logger_name', 'level_value', 'thread_name'],
    roles: {
      time: ['@timestamp'],
      level: ['level'],
      message: ['message'],
      serviceFallback: ['logger_name'],
      host: ['HOSTNAME', 'source_host'],
      errorType: ['exception.exception_class'],
      errorMessage: ['exception.exception_message'],
      stackTrace: ['stack_trace', 'exception.stacktrace'],
    },
  },
  {
    id: 'gelf',
    title: 'GELF 1.1 (Log4j 2 GelfLayout, logstash-gelf, Graylog senders)',
    reference: 'https://go2docs.graylog.org/current/getting_in_log_data/gelf.html#GELFPayloadSpecification',
    requires: ['version', 'short_message'],
    roles: {
      time: ['timestamp'],
      level: ['level'],
      // short_message is the line; full_message, when sent, is the long text (often a backtrace).
      message: ['short_message'],
      serviceFallback: ['_logger', '_loggerName', '_facility', 'facility'],
      host: ['host'],
      errorType: ['_exception_class'],
      errorMessage: ['_exception_message'],
      stackTrace: ['full_message', '_exception', '_stack_trace'],
    },
    levelScale: 'syslog',
  },
];
