/** Python producers: the standard logging module's JSON formatters, and structlog. */
import type { ProducerShape } from './types';

export const PYTHON_SHAPES: readonly ProducerShape[] = [
  {
    id: 'python-json-logger',
    title: 'python-json-logger / logging JSON formatters (LogRecord attribute names)',
    reference:
      'https://docs.python.org/3/library/logging.html#logrecord-attributes; https://github.com/nhairs/python-json-logger',
    requires: [],
    anyOf: ['levelname', 'levelno'],
    roles: {
      time: ['asctime', 'timestamp', 'created'],
      level: ['levelname', 'levelno'],
      message: ['message', 'msg'],
      serviceFallback: ['name'],
      stackTrace: ['exc_info', 'stack_info'],
    },
    levelScale: 'python',
  },
  {
    id: 'structlog',
    title: 'structlog JSONRenderer (event, level, timestamp, logger, exception)',
    reference: 'https://www.structlog.org/en/stable/api.html#structlog.processors.JSONRenderer',
    requires: ['event'],
    anyOf: ['level', 'timestamp', 'logger', 'exception'],
    roles: {
      time: ['timestamp'],
      level: ['level'],
      message: ['event'],
      serviceFallback: ['logger'],
      stackTrace: ['exception'],
    },
  },
];
