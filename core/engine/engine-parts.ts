/**
 * What an Engine is made of (engine.ts builds them once), handed to the modules it delegates to:
 * the hot path (batch-processor.ts) and the housekeeping tick (housekeeping.ts).
 */
import type { AlertManager } from '../alerts';
import type { Detectors } from '../detect';
import type { AlertCommands } from './alert-commands';
import type { Analyzer } from './analyzer';
import type { EngineMetrics } from './engine-metrics';
import type { EngineOptions } from './engine-options';
import type { EventBatcher } from './event-batcher';
import type { PatternStats } from './pattern-stats';

export interface EngineParts {
  options: EngineOptions;
  now: () => number;
  analyzer: Analyzer;
  alerts: AlertManager;
  detectors: Detectors;
  patterns: PatternStats;
  metrics: EngineMetrics;
  batcher: EventBatcher;
  commands: AlertCommands;
}
