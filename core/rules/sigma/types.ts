/**
 * The shapes a compiled Sigma rule exposes to the rest of Vigil (agreed between the parallel
 * branches): a predicate over `{ message, fields }` plus the rule's provenance and Vigil's level
 * and trigger for it.
 */
import type { AlertLevel, AlertTrigger } from '../../contract';
import type { Need } from './need';

/** One field value as Vigil's parser leaves it in `LogRecord.fields`. */
export type SigmaFieldValue = string | number | boolean | null | undefined;

/** What a Sigma rule is matched against: the log's message and its (ECS-named) fields. */
export interface SigmaEvent {
  message: string;
  fields: Readonly<Record<string, SigmaFieldValue>>;
}

export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];

export interface SigmaLogsource {
  category: string | null;
  product: string | null;
  service: string | null;
}

/** What a rule reads: lets a caller cache a message-only rule's answer per message text. */
export interface SigmaReads {
  message: boolean;
  fields: readonly string[];
}

export interface CompiledSigmaRule {
  /** The Sigma rule id (a UUID); the file name when a rule has none. */
  id: string;
  title: string;
  author: string | null;
  description: string | null;
  status: string | null;
  sigmaLevel: SigmaLevel;
  level: AlertLevel;
  trigger: AlertTrigger;
  references: string[];
  tags: string[];
  logsource: SigmaLogsource;
  /** Path of the rule file relative to the folder it was loaded from. */
  file: string;
  reads: SigmaReads;
  /** What the rule cannot match without (automaton ids in the message, or fields); null: unknown. */
  need: Need | null;
  matches(event: SigmaEvent): boolean;
}

/** A rule that could not be honoured, with why. */
export interface SigmaRefusal {
  file: string;
  id: string | null;
  title: string | null;
  author: string | null;
  reason: string;
}
