/**
 * The keyword knowledge of Vigil's classifiers, in one place: the rules fallback matches these
 * phrases, and model training adds them as a seed lexicon (models/training/lexicon.ts), so the model
 * starts from the same prior the fallback has and learns from data on top of it.
 *
 * Phrases are matched as whole words, case-insensitively. Within a head, lists are tried in order
 * and the first that matches decides: the most specific area (security) before the generic one
 * (application); error before warning.
 */
import type { Category, Severity } from '../contract';

export interface KeywordRule<L extends string> {
  label: L;
  phrases: readonly string[];
}

export const SEVERITY_KEYWORDS: ReadonlyArray<KeywordRule<Severity>> = [
  {
    label: 'error',
    phrases: [
      'error',
      'errors',
      'fail',
      'fails',
      'failed',
      'failure',
      'fatal',
      'exception',
      'exceptions',
      'panic',
      'critical',
      'crit',
      'severe',
      'emerg',
      'emergency',
      'denied',
      'refused',
      'abort',
      'aborted',
      'killed',
      'crash',
      'crashed',
      'segfault',
      'corrupt',
      'corrupted',
      'unreachable',
    ],
  },
  {
    label: 'warning',
    phrases: [
      'warn',
      'warning',
      'warnings',
      'deprecated',
      'retry',
      'retrying',
      'timeout',
      'time out',
      'timed out',
      'slow',
      'unable',
      'cannot',
      'could not',
      'invalid',
      'not found',
      'missing',
    ],
  },
];

export const CATEGORY_KEYWORDS: ReadonlyArray<KeywordRule<Category>> = [
  {
    label: 'security',
    phrases: [
      'authentication failure',
      'authentication failures',
      'authentication failed',
      'auth failed',
      'failed password',
      'invalid user',
      'illegal user',
      'unauthorized',
      'unauthorised',
      'forbidden',
      'permission denied',
      'access denied',
      'break-in',
      'break in',
      'intrusion',
      'brute force',
      'login failed',
      'bad password',
      'user unknown',
    ],
  },
  {
    label: 'performance',
    phrases: [
      'timeout',
      'time out',
      'timed out',
      'timeouts',
      'slow',
      'latency',
      'out of memory',
      'oom',
      'memory pressure',
      'gc',
      'garbage collection',
      'queue full',
      'queue is full',
      'throttled',
      'throttling',
      'overload',
      'overloaded',
      'backlog',
      'too long',
      'high load',
    ],
  },
  {
    label: 'network',
    phrases: [
      'connection refused',
      'connection reset',
      'connection closed',
      'connection lost',
      'connection failed',
      'connection timed out',
      'reset by peer',
      'socket',
      'dns',
      'unreachable',
      'no route',
      'network',
      'broken pipe',
      'could not resolve',
      'unknown host',
      'host unreachable',
    ],
  },
  {
    label: 'system',
    phrases: [
      'kernel',
      'panic',
      'hardware',
      'disk',
      'i/o',
      'parity',
      'ecc',
      'machine check',
      'segfault',
      'segmentation fault',
      'core dump',
      'interrupt',
      'temperature',
      'fan',
      'power supply',
      'filesystem',
      'file system',
      'mount',
      'no space left',
    ],
  },
  {
    label: 'application',
    phrases: [
      'exception',
      'exceptions',
      'error',
      'errors',
      'fail',
      'fails',
      'failed',
      'failure',
      'invalid',
      'cannot',
      'could not',
      'unable to',
      'not found',
      'unexpected',
    ],
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One case-insensitive whole-word pattern for a list of phrases (spaces match any whitespace). */
export function phrasePattern(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) => escapeRegExp(p).replace(/ /g, '\\s+'));
  // `\b` cannot follow `/` or `-` inside a phrase start/end, but every phrase starts and ends with a
  // letter, so word boundaries around the group are sound. A phrase followed by `=` is the name of
  // a setting (`errors=remount-ro` in an ext4 mount line), not what happened: it does not match.
  return new RegExp(`\\b(?:${alternatives.join('|')})\\b(?!=)`, 'i');
}
