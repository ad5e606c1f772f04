/**
 * Malformed Kafka message values, one generator per kind, each with what the engine must do with
 * it (core/parse/types.ts): reject it and count why, accept it with a counted warning, or — for
 * odd but readable text (huge numbers, a cut syslog header, one enormous token) — analyze it as
 * is. Nothing may crash the engine or vanish: every message ends up analyzed or counted.
 */
import { seededRandom, type Random } from '../../../core/ingest/demo-random';
import type { DataQualityKind } from '../../../core/parse/types';

export interface BadKind {
  name: string;
  /** The data-quality kind the engine must count once per message; null for readable text analyzed as is. */
  expectIssue: DataQualityKind | null;
  /** Rejected: no record, counted in stats.errors. Otherwise analyzed (stats.processed). */
  rejected: boolean;
  make(i: number): Buffer | null;
}

const MIB = 1024 * 1024;

function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = random.int(256);
  return bytes;
}

function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export const BAD_KINDS: readonly BadKind[] = [
  {
    name: 'invalid-utf8',
    expectIssue: 'invalid_utf8',
    rejected: false,
    make: (i) => Buffer.from(`ERROR invoice ${i} for caf\xe9 r\xe9sum\xe9 rejected by the printer`, 'latin1'),
  },
  {
    name: 'binary-blob',
    expectIssue: 'binary',
    rejected: true,
    // A gzip header followed by compressed-looking bytes: what a misconfigured producer sends.
    make: (i) =>
      Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), randomBytes(seededRandom(1000 + i), 400)]),
  },
  { name: 'empty', expectIssue: 'empty', rejected: true, make: () => Buffer.alloc(0) },
  { name: 'tombstone (null value)', expectIssue: 'empty', rejected: true, make: () => null },
  { name: 'whitespace-only', expectIssue: 'empty', rejected: true, make: () => Buffer.from(' \t \r\n  \n') },
  {
    name: 'byte-order-marks-only',
    expectIssue: 'empty',
    rejected: true,
    make: () => Buffer.from('\ufeff\ufeff\ufeff'),
  },
  {
    name: '10 MiB value',
    expectIssue: 'oversized',
    rejected: true,
    make: (i) => Buffer.alloc(10 * MIB, `INFO ${i} a very long stack dump line that never ends `),
  },
  {
    name: 'deeply-nested JSON (100,000 levels)',
    expectIssue: 'too_deep',
    rejected: false,
    make: () => Buffer.from(nestedJson(100_000)),
  },
  {
    name: 'JSON with wrong types',
    expectIssue: 'wrong_type',
    rejected: false,
    make: (i) =>
      Buffer.from(
        JSON.stringify({ level: { nested: i }, message: ['not', 'a', 'string'], service: 42, ts: true }),
      ),
  },
  {
    name: 'JSON with huge numbers',
    expectIssue: null,
    rejected: false,
    make: (i) =>
      Buffer.from(
        `{"level":"error","ts":1e400,"count":123456789012345678901234567890123456789,"n":-1e999,"message":"quota exceeded for tenant ${i}"}`,
      ),
  },
  {
    name: 'NUL bytes',
    expectIssue: 'nul_bytes',
    rejected: false,
    make: (i) => Buffer.from(`INFO user ${i} logged in\0 from 10.0.0.1\0\0`),
  },
  {
    name: 'control characters',
    expectIssue: 'control_chars',
    rejected: false,
    make: (i) => Buffer.from(`\x1b[31mERROR\x1b[0m job ${i} failed\x07 after retry\x08`),
  },
  {
    name: 'truncated syslog',
    expectIssue: null,
    rejected: false,
    make: () => Buffer.from('<134>Nov 27 10:0'),
  },
  {
    name: 'enormous single token (900 KiB)',
    expectIssue: null,
    rejected: false,
    make: (i) => Buffer.alloc(900 * 1024, String.fromCharCode(65 + (i % 26))),
  },
  {
    name: 'truncated JSON',
    expectIssue: 'malformed_json',
    rejected: false,
    make: (i) => Buffer.from(`{"level":"error","message":"payment ${i} failed","trace":["a","b`),
  },
  {
    name: 'too many fields',
    expectIssue: 'fields_truncated',
    rejected: false,
    make: (i) =>
      Buffer.from(
        JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, k) => [`f${k}`, i + k]))),
      ),
  },
];

/** Random bytes of random length (32..1,024): the 100,000-message garbage flood. */
export const RANDOM_BYTES: BadKind = {
  name: 'random bytes',
  expectIssue: 'binary',
  rejected: true,
  make: (i) => {
    const random = seededRandom(0x5eed + i);
    return randomBytes(random, 32 + random.int(993));
  },
};
