/** Go producers: log/slog, logrus, zap, go-kit (JSON; their logfmt forms are in logfmt.ts). */
import type { ProducerShape } from './types';

export const GO_SHAPES: readonly ProducerShape[] = [
  {
    id: 'go-zap',
    title: 'go.uber.org/zap production JSON encoder',
    reference:
      'https://pkg.go.dev/go.uber.org/zap#NewProductionEncoderConfig (ts, level, logger, caller, msg, stacktrace)',
    requires: ['level', 'ts', 'msg'],
    anyOf: ['caller', 'logger', 'stacktrace'],
    roles: {
      time: ['ts'],
      level: ['level'],
      message: ['msg'],
      serviceFallback: ['logger'],
      errorMessage: ['error'],
      stackTrace: ['stacktrace', 'errorVerbose'],
    },
  },
  {
    id: 'go-slog',
    title: 'Go log/slog JSONHandler (also logrus JSONFormatter: time, level, msg, error)',
    reference:
      'https://pkg.go.dev/log/slog#JSONHandler; https://github.com/sirupsen/logrus (ErrorKey "error")',
    requires: ['time', 'level', 'msg'],
    roles: {
      time: ['time'],
      level: ['level'],
      message: ['msg'],
      serviceFallback: ['logger', 'component'],
      errorMessage: ['err', 'error'],
    },
  },
];
