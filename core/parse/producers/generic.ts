/**
 * The generic key spellings per role, used for every structured log and for the roles a producer
 * shape does not name. Best first: when a log has several, the first wins and the rest stay fields.
 */
import type { Role } from './types';

export const GENERIC_ROLES: Readonly<Record<Role, readonly string[]>> = {
  time: ['@timestamp', 'timestamp', 'time', 'ts', 'datetime', 'date'],
  level: [
    'level',
    'severity',
    'lvl',
    'loglevel',
    'log.level',
    'levelname',
    'level_name',
    'severity_text',
    'severitytext',
  ],
  message: ['message', 'msg', 'log', 'text', 'body', 'short_message'],
  service: ['service', 'service.name', 'service_name', 'app', 'application', 'app_name'],
  // Used only when no service key is present: logger name, then program or tag (docs/formats.md).
  serviceFallback: ['logger', 'logger_name', 'log.logger', 'loggerName', 'component', 'programname'],
  host: ['host', 'hostname', 'host.name', 'host.hostname', 'host_name'],
  errorType: [
    'error.type',
    'err.type',
    'err.name',
    'exception.type',
    'exception.class',
    'exception.exception_class',
    'error.kind',
    'exc_type',
  ],
  errorMessage: [
    'error.message',
    'err.message',
    'exception.message',
    'exception.exception_message',
    'err',
    'error',
    'exc_message',
  ],
  stackTrace: [
    'error.stack_trace',
    'error.stack',
    'err.stack',
    'stack_trace',
    'stacktrace',
    'stack',
    'exception.stacktrace',
    'exception.stack_trace',
    'exc_info',
    'exception',
    'traceback',
  ],
};

/** Keys whose object value is flattened (`err: {type, message}` → `err.type`) rather than taken whole. */
export const FLATTEN_ROLE_OBJECTS: ReadonlySet<string> = new Set(['log', 'error', 'err', 'exception']);
