/**
 * The rule-pack file format (YAML or JSON, one file per software family), as a zod schema.
 * docs/detection.md is the reference for authors; this file is the one the loader enforces.
 *
 * ```yaml
 * family: PostgreSQL
 * references: [https://www.postgresql.org/docs/current/errcodes-appendix.html]
 * rules:
 *   - id: postgres.deadlock
 *     title: PostgreSQL deadlock on {host}
 *     trigger: system_error
 *     level: high
 *     match: { template: 'deadlock detected' }
 *     advice: Look at the two statements in the DETAIL line ...
 *     examples:
 *       match: ['2024-03-01 10:00:00 UTC [123] ERROR:  deadlock detected']
 *       nomatch: ['2024-03-01 10:00:00 UTC [123] LOG:  checkpoint complete']
 * ```
 */
import { z } from 'zod';
import { AlertLevel, AlertTrigger, LogLevel } from '../contract';

/** A JavaScript regular expression, always matched case-insensitively. Compiled (and so checked) at load. */
const Pattern = z.string().min(1).max(2000);

const FieldValue = z.union([z.string(), z.number(), z.boolean()]);

/** One condition on a structured field (`record.fields[field]`), numeric or textual. */
export const FieldCondition = z
  .object({
    field: z.string().min(1).max(200),
    /** The field is present (true) or absent (false). */
    exists: z.boolean().optional(),
    equals: FieldValue.optional(),
    in: z.array(FieldValue).min(1).max(100).optional(),
    /** A regular expression on the field's text. */
    matches: Pattern.optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  })
  .strict()
  .refine(
    (c) => Object.keys(c).length > 1,
    'a field condition needs at least one test besides "field" (exists, equals, in, matches, gt, gte, lt, lte)',
  );
export type FieldCondition = z.infer<typeof FieldCondition>;

export const RuleMatch = z
  .object({
    /** Regular expression on the template (decided once per template, cached). Preferred. */
    template: Pattern.optional(),
    /** Regular expression on the raw message (per log; named groups feed placeholders and group keys). */
    message: Pattern.optional(),
    /** Regular expression that must NOT match the template (e.g. sshd's routine `[preauth]`). */
    notTemplate: Pattern.optional(),
    /** Every condition must hold. */
    fields: z.array(FieldCondition).max(20).optional(),
    /**
     * Conditions on named groups of `message`, numeric or textual, e.g. a slow query:
     * `message: 'duration: (?<ms>[\d.]+) ms'` with `captures: [{ field: ms, gte: 1000 }]`.
     */
    captures: z.array(FieldCondition).max(10).optional(),
    /** Conditions on the exception the log carries (`record.error`). */
    error: z
      .object({ type: Pattern.optional(), rootCause: Pattern.optional(), message: Pattern.optional() })
      .strict()
      .optional(),
    /** Regular expression on the service name. */
    service: Pattern.optional(),
    /** The producer's level is one of these (a log without a level never satisfies this). */
    level: z.array(LogLevel).min(1).optional(),
  })
  .strict()
  .refine(
    (m) => m.captures === undefined || m.message !== undefined,
    'captures test named groups of match.message, which is missing',
  )
  .refine(
    (m) =>
      m.template !== undefined ||
      m.message !== undefined ||
      (m.fields !== undefined && m.fields.length > 0) ||
      m.error !== undefined,
    'a rule must match something: template, message, fields or error',
  );
export type RuleMatch = z.infer<typeof RuleMatch>;

/** `service`, `host`, `field:<name>` (e.g. `field:source.ip`) or `match:<group>` (a named group of `message`). */
export const GroupBy = z
  .string()
  .regex(
    /^(service|host|field:.{1,200}|match:[A-Za-z_][A-Za-z0-9_]{0,63})$/,
    'expected service, host, field:NAME or match:GROUP',
  );

export const Threshold = z
  .object({
    /** Raise when more than `count - 1` matches, i.e. at least `count`, fall within the window. */
    count: z.number().int().min(2).max(1_000_000),
    windowSeconds: z.number().positive().max(86_400),
    groupBy: GroupBy.default('service'),
  })
  .strict();
export type Threshold = z.infer<typeof Threshold>;

/** `none`: a known routine message; it raises nothing and the fallbacks do not look at it either. */
export const RuleLevel = z.union([AlertLevel, z.literal('none')]);
export type RuleLevel = z.infer<typeof RuleLevel>;

export const PackRule = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,99}$/, 'ids are lower case: letters, digits, . _ -'),
    title: z.string().min(1).max(300),
    trigger: AlertTrigger,
    level: RuleLevel,
    match: RuleMatch,
    threshold: Threshold.optional(),
    /** Below the threshold the rule may still raise at this lower level (else it raises nothing). */
    belowThreshold: AlertLevel.optional(),
    /**
     * The alert's grouping key beside the rule: one alert per distinct combination of these values
     * (default `[service, host]`; e.g. `[host, 'field:source.ip']` for one alert per attacker and host).
     */
    groupBy: z.array(GroupBy).min(1).max(5).optional(),
    advice: z.string().min(1).max(2000),
    references: z.array(z.string().url()).max(20).default([]),
    examples: z
      .object({
        match: z.array(z.string().min(1)).min(1),
        nomatch: z.array(z.string().min(1)).min(1),
      })
      .strict(),
  })
  .strict();
export type PackRule = z.infer<typeof PackRule>;

export const RuleFile = z
  .object({
    family: z.string().min(1).max(100),
    description: z.string().max(2000).optional(),
    references: z.array(z.string().url()).max(50).default([]),
    /** Each rule is validated on its own: one bad rule does not refuse its neighbours. */
    rules: z.array(z.unknown()).min(1),
  })
  .strict();
export type RuleFile = z.infer<typeof RuleFile>;
