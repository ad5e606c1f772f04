/**
 * A producer shape: how one log shipper or framework writes a structured log, as data. The parser
 * recognises a shape by which top-level keys a log has (cheap, memoised per key set, see
 * detect.ts) and then reads each role from the keys the shape names, best first. Roles a shape
 * does not name fall back to the generic spellings (generic.ts). docs/formats.md lists them all.
 */
import type { LevelScale } from '../level';

/** What a record is built from. `serviceFallback` is used only when no `service` key is present. */
export const ROLES = [
  'time',
  'level',
  'message',
  'service',
  'serviceFallback',
  'host',
  'errorType',
  'errorMessage',
  'stackTrace',
] as const;
export type Role = (typeof ROLES)[number];

/** Indexes into ROLES, for the builder's slot array. */
export const ROLE_INDEX = {
  time: 0,
  level: 1,
  message: 2,
  service: 3,
  serviceFallback: 4,
  host: 5,
  errorType: 6,
  errorMessage: 7,
  stackTrace: 8,
} as const satisfies Record<Role, number>;

export interface ProducerShape {
  /** Stable id, shown as `fields["log.producer"]` and used by the fixtures' folder names. */
  id: string;
  /** What writes this shape, in words. */
  title: string;
  /** Where the key names come from (documentation page or source file). */
  reference: string;
  /** Top-level keys that must all be present (as written, before flattening). */
  requires: readonly string[];
  /** When given, at least one of these top-level keys must be present too. */
  anyOf?: readonly string[];
  /** Keys (dotted paths after flattening) per role, best first. They win over the generic ones. */
  roles: Partial<Record<Role, readonly string[]>>;
  /** How a numeric level is read (pino 10–60, Python 10–50, OpenTelemetry 1–24, syslog 0–7). */
  levelScale?: LevelScale;
  /**
   * Generic role keys that mean something else in this shape and must stay plain fields
   * (Heroku's `service=30000ms` is a duration, its `host=` the HTTP Host header).
   */
  notRoles?: readonly string[];
  /** Producer keys renamed to their ECS names in `fields` (conventions in docs/formats.md). */
  rename?: Readonly<Record<string, string>>;
  /** Values that hold a list of OpenTelemetry KeyValue pairs (`[{key, value: {stringValue}}]`). */
  keyValueLists?: readonly string[];
  /**
   * An envelope (Fluent Bit, Vector, Filebeat): the message is another producer's line, parsed
   * again; what the inner line says wins, the envelope fills the gaps (service, host).
   */
  envelope?: boolean;
  /**
   * A key whose object value is a Java throwable as Log4j 2's JsonLayout writes it (`thrown`:
   * `name`, `message`, `extendedStackTrace` frames, `cause` chain): read as the record's error,
   * its last cause as the root cause, and kept as a Java stack trace text in `error.stack_trace`.
   */
  thrownObject?: string;
}
