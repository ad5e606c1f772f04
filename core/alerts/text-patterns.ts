/**
 * Keyword patterns that mark a log as security- or performance-relevant whatever the classifier
 * said. They are matched against the template (not each message) and cached per template text,
 * so a pattern costs one regex run per distinct template, not per log.
 */

/** Authentication failures and intrusion hints (OpenSSH, PAM, sudo, web auth). */
export const SECURITY_PATTERN =
  /failed password|failed none for|invalid user|authentication failures?|auth(?:entication)? fail|\bbreak-?in\b|too many authentication|user unknown|permission denied|access denied|unauthori[sz]ed|brute.?force|illegal user|incorrect password attempts?/i;

/** Slowness: timeouts and deadline misses. */
export const PERFORMANCE_PATTERN =
  /time[d-]? ?out|deadline exceeded|took too long|too slow|slow query|latency/i;

/** OpenSSH's pre-authentication marker: a `fatal:` there is a client going away, not a crash. */
export const PREAUTH_PATTERN = /\[preauth\]/;

/** Bit flags returned by `PatternCache.lookup`. */
export const PATTERN_SECURITY = 1;
export const PATTERN_PERFORMANCE = 2;
export const PATTERN_PREAUTH = 4;

/** Bounded memo of template text → pattern hits; cleared wholesale when full (cheap, rare). */
export class PatternCache {
  private readonly hits = new Map<string, number>();
  constructor(private readonly maxEntries = 50_000) {}

  lookup(template: string): number {
    const cached = this.hits.get(template);
    if (cached !== undefined) return cached;
    let hit = 0;
    if (SECURITY_PATTERN.test(template)) hit |= PATTERN_SECURITY;
    if (PERFORMANCE_PATTERN.test(template)) hit |= PATTERN_PERFORMANCE;
    if (PREAUTH_PATTERN.test(template)) hit |= PATTERN_PREAUTH;
    if (this.hits.size >= this.maxEntries) this.hits.clear();
    this.hits.set(template, hit);
    return hit;
  }
}
