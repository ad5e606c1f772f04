/**
 * The history's commands (`logs:query`, `logs:histogram`, `history:status`), answered from the
 * engine's HistoryWriter. With the history off they answer `unavailable` with the reason, never an
 * empty result that would read as "no such logs". A template search finds the logs of the template
 * and of the templates the miner has since merged into it (i18: a pattern opens all its stored logs).
 */
import type { HistoryState, LogQuery } from '../contract';
import type { Engine } from './engine';
import { EngineError } from './errors';
import { patternIds } from './pattern-ids';

export type HistoryCommandName = 'logs:query' | 'logs:histogram' | 'history:status';

export async function historyCommand(
  engine: Engine,
  name: HistoryCommandName,
  data: unknown,
): Promise<unknown> {
  const history = engine.history;
  if (name === 'history:status') {
    if (history) return history.state();
    const off: HistoryState = {
      enabled: false,
      reason: engine.historyOff?.reason ?? 'the history is off',
      storedLogs: 0,
      diskBytes: 0,
      dropped: 0,
      evicted: 0,
    };
    return off;
  }
  if (!history) throw new EngineError('unavailable', engine.historyOff?.reason ?? 'the history is off');
  const query = data as LogQuery;
  if (query.to < query.from) throw new EngineError('invalid_request', 'to: must not be before from');
  // A template's logs carry the id they were mined with: the ids since merged into it count too.
  const search =
    query.template === undefined
      ? query
      : { ...query, templateIds: patternIds(engine.miner, query.template) };
  try {
    return name === 'logs:query' ? await history.store.query(search) : await history.store.histogram(search);
  } catch (error) {
    throw new EngineError('unavailable', `history query failed: ${(error as Error).message}`);
  }
}
