/**
 * A pattern opens all its stored logs (i18): logs keep the template id they were mined with, and
 * the miner later merges templates that turn out to be one ("Invalid user alice" and "Invalid user
 * bob" start apart and merge once the user is seen to vary). `logs:query` and `logs:histogram` with
 * a template find the logs of the ids merged into it too (core/engine/pattern-ids.ts). Real lines:
 * Loghub's OpenSSH sample, through the engine into real DuckDB.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogHistogram, LogQueryResult, StartRequest } from '../../core/contract';
import { dispatch } from '../../core/engine/dispatch';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { MAX_PATTERN_IDS, patternIds } from '../../core/engine/pattern-ids';
import { HistoryWriter } from '../../core/history';
import { TemplateMiner } from '../../core/patterns/miner';
import { rawLines } from '../fixtures/loghub';
import { FakeLogSource } from './engine-fake-source';

const LINES = rawLines('OpenSSH').slice(0, 900); // under the 1,000 rows one search returns
let dataDir: string;
let engine: Engine | null = null;
let history: HistoryWriter | null = null;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-pattern-ids-'));
});

afterEach(async () => {
  await engine?.close();
  await history?.close();
  engine = null;
  history = null;
  await fsp.rm(dataDir, { recursive: true, force: true });
});

describe('patternIds', () => {
  it('names the survivor first, then every id merged into it, asked by any of them', () => {
    const miner = new TemplateMiner();
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];
    const ids = users.map((u, i) => miner.add(`Invalid user ${u} from 10.0.0.${i}`).templateId);
    const survivor = miner.resolve(ids[ids.length - 1]!);
    const all = patternIds(miner, survivor);
    expect(all[0]).toBe(survivor);
    expect(new Set(all)).toEqual(new Set(ids));
    expect(all.length).toBeGreaterThan(1);
    expect(patternIds(miner, ids[1]!)).toEqual(all);
    expect(patternIds(miner, 'unknown')).toEqual(['unknown']);
  });

  it('is bounded', () => {
    const retired = Array.from({ length: 1000 }, (_, i) => `r${i}`);
    const miner = { resolve: () => 's', retiredIds: () => retired.values() };
    expect(patternIds(miner, 's')).toHaveLength(MAX_PATTERN_IDS);
  });
});

describe('a template search of the history, through the engine', () => {
  it('finds the logs of the templates merged into it, by the survivor or a merged id', async () => {
    const source = new FakeLogSource();
    history = await HistoryWriter.open({
      dir: path.join(dataDir, 'history'),
      maxAgeMs: 24 * 3_600_000,
      maxBytes: 1024 ** 3,
    });
    engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      createSource: () => source,
      history,
      tickMs: 3_600_000,
      eventIntervalMs: 3_600_000,
    });
    await engine.start(StartRequest.parse({ source: 'demo', demo: { rate: 10, incidents: false } }));
    await source.deliver(source.messages(LINES, 'syslog'));
    await history.flush();
    const window = { from: 0, to: Date.now() + 60_000 };
    const all = LogQueryResult.parse(await dispatch(engine, 'logs:query', { ...window, limit: 1000 }));
    expect(all.total).toBe(LINES.length);

    // A pattern whose stored logs carry more than one id: the miner merged templates into it.
    const miner = engine.miner;
    const survivors = new Set(all.logs.map((l) => miner.resolve(l.templateId)));
    const merged = [...survivors].filter((id) =>
      all.logs.some((l) => l.templateId !== id && miner.resolve(l.templateId) === id),
    );
    expect(merged.length).toBeGreaterThan(0);
    for (const survivor of merged) {
      const expected = all.logs.filter((l) => miner.resolve(l.templateId) === survivor);
      const own = all.logs.filter((l) => l.templateId === survivor).length;
      expect(expected.length).toBeGreaterThan(own); // an exact id match finds fewer
      const found = LogQueryResult.parse(
        await dispatch(engine, 'logs:query', { ...window, template: survivor, limit: 1000 }),
      );
      expect(found.total).toBe(expected.length);
      expect(found.logs.map((l) => `${l.offset}`).sort()).toEqual(expected.map((l) => `${l.offset}`).sort());
      // The histogram spans at most a week: the logs' own (syslog) times bound it.
      const times = all.logs.map((l) => l.time);
      const span = { from: Math.min(...times), to: Math.max(...times) };
      const counts = LogHistogram.parse(
        await dispatch(engine, 'logs:histogram', { ...span, template: survivor }),
      );
      expect(counts.total).toBe(expected.length);
      const byMergedId = expected.find((l) => l.templateId !== survivor)!.templateId;
      const again = LogQueryResult.parse(
        await dispatch(engine, 'logs:query', { ...window, template: byMergedId, limit: 1 }),
      );
      expect(again.total).toBe(expected.length);
    }
  });
});
