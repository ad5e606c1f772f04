/**
 * Every id a template's logs may carry (i18): logs keep the id they were mined with, and the miner
 * later merges templates that turn out to be one (core/patterns/miner.ts), so the stored logs of a
 * pattern hold its own id and the ids merged into it. A scan of the retired ids (bounded by the
 * miner's `maxTemplates`), per request, never per log.
 */
import type { TemplateMiner } from '../patterns/miner';

/** Ids of one pattern at most (the survivor first): a search names them all in one SQL `IN`. */
export const MAX_PATTERN_IDS = 256;

export function patternIds(
  miner: Pick<TemplateMiner, 'resolve' | 'retiredIds'>,
  templateId: string,
): string[] {
  const survivor = miner.resolve(templateId);
  const ids = [survivor];
  for (const id of miner.retiredIds()) {
    if (ids.length >= MAX_PATTERN_IDS) break;
    if (id !== survivor && miner.resolve(id) === survivor) ids.push(id);
  }
  return ids;
}
