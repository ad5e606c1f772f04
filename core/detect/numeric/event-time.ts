/**
 * The time a numeric detector counts a log at: the log's own event time when it is plausible,
 * else the detector clock. "Plausible" is within `maxLagMs` before and `maxAheadMs` after `now`:
 * a consumer catching up on a few minutes of backlog keeps the logs' own minutes (so a backlog
 * read in seconds is not one crowded interval), while a replay of old logs or a producer with a
 * wrong clock falls back to `now`. Detectors never move a key's interval backwards: a late log is
 * counted in the key's current interval.
 */
export function eventTime(recordTime: number, now: number, maxLagMs: number, maxAheadMs: number): number {
  return recordTime >= now - maxLagMs && recordTime <= now + maxAheadMs ? recordTime : now;
}
