/** Node.js producers: pino, bunyan, winston. */
import type { ProducerShape } from './types';

export const NODE_SHAPES: readonly ProducerShape[] = [
  {
    id: 'bunyan',
    title: 'bunyan (v, name, hostname, pid, numeric level, msg, time, err)',
    reference: 'https://github.com/trentm/node-bunyan#core-fields',
    requires: ['v', 'name', 'hostname', 'pid', 'level', 'msg'],
    roles: {
      time: ['time'],
      level: ['level'],
      message: ['msg'],
      service: ['name'],
      host: ['hostname'],
      errorType: ['err.name'],
      errorMessage: ['err.message'],
      stackTrace: ['err.stack'],
    },
    levelScale: 'pino',
  },
  {
    id: 'pino',
    title: 'pino (numeric level 10–60, time in ms, pid, hostname, msg, err)',
    reference:
      'https://getpino.io/#/docs/api?id=logger (levels), pino-std-serializers err: {type, message, stack}',
    requires: ['level', 'pid', 'hostname'],
    roles: {
      time: ['time'],
      level: ['level'],
      message: ['msg'],
      service: ['name'],
      host: ['hostname'],
      errorType: ['err.type'],
      errorMessage: ['err.message'],
      stackTrace: ['err.stack'],
    },
    levelScale: 'pino',
  },
  {
    id: 'winston',
    title: 'winston json() format (level, message, defaultMeta service, errors({stack}))',
    reference: 'https://github.com/winstonjs/winston#usage; logform errors() adds `stack`',
    requires: ['level', 'message'],
    // Only its errors({ stack: true }) output differs from the generic reading.
    anyOf: ['stack'],
    roles: {
      time: ['timestamp'],
      level: ['level'],
      message: ['message'],
      service: ['service'],
      stackTrace: ['stack'],
    },
  },
];
