import { describe, expect, it } from 'vitest';
import type { LogLevel, LogRecord } from '../../core/contract';
import { Analyzer } from '../../core/engine/analyzer';
import { makeRecord } from './engine-fixtures';
import { FakeModelPort } from './engine-fake-model-port';

function records(messages: string[], level: LogLevel | null = null): LogRecord[] {
  return messages.map((message, i) => makeRecord(i, { message, level }));
}

describe('Analyzer', () => {
  it('asks the model once per distinct masked text, within a batch and across batches', async () => {
    const model = new FakeModelPort();
    const analyzer = new Analyzer(model);
    await analyzer.analyze(
      records([
        'user 1 logged in',
        'user 2 logged in',
        'disk sda failed',
        'user 3 logged in',
        'disk sda failed',
      ]),
    );
    expect(model.calls).toEqual([['user <*> logged in', 'disk sda failed']]);

    const again = await analyzer.analyze(records(['user 4 logged in', 'disk sda failed']));
    expect(model.calls).toHaveLength(1); // both answered from the cache
    expect(again.map((a) => a.severity)).toEqual(['info', 'error']);
    expect(analyzer.cacheHits).toBe(2);
    expect(analyzer.cacheMisses).toBe(2);

    await analyzer.analyze(records(['user 5 logged in', 'job 7 done']));
    expect(model.calls[1]).toEqual(['job <*> done']);
  });

  it('gives every log of a batch the answer for its own masked text', async () => {
    const analyzer = new Analyzer(new FakeModelPort());
    const out = await analyzer.analyze(records(['disk sda failed', 'user 1 logged in', 'disk sda failed']));
    expect(out.map((a) => [a.severity, a.category])).toEqual([
      ['error', 'system'],
      ['info', 'normal'],
      ['error', 'system'],
    ]);
    expect(out[0]!.scores).toEqual({ severity: { error: 0.9 }, category: { system: 0.8 } });
    expect(out.every((a) => a.classifiedBy === 'model')).toBe(true);
  });

  it('clears the cache when the model generation changes', async () => {
    const model = new FakeModelPort();
    const analyzer = new Analyzer(model);
    await analyzer.analyze(records(['user 1 logged in']));
    await analyzer.analyze(records(['user 2 logged in']));
    expect(model.calls).toHaveLength(1);

    model.swapModel();
    await analyzer.analyze(records(['user 3 logged in']));
    expect(model.calls).toHaveLength(2);
    expect(model.calls[1]).toEqual(['user <*> logged in']);
  });

  it('does not cache answers of a model that was swapped during the call', async () => {
    const model = new FakeModelPort();
    const analyzer = new Analyzer(model);
    model.answerGeneration = 99; // the answer comes from another generation than the cache's
    await analyzer.analyze(records(['user 1 logged in']));
    model.answerGeneration = null;
    await analyzer.analyze(records(['user 2 logged in']));
    expect(model.calls).toHaveLength(2);
  });

  it('forgets cached answers on invalidate()', async () => {
    const model = new FakeModelPort();
    const analyzer = new Analyzer(model);
    await analyzer.analyze(records(['user 1 logged in']));
    analyzer.invalidate();
    await analyzer.analyze(records(['user 1 logged in']));
    expect(model.calls).toHaveLength(2);
  });

  it('keeps the cache bounded, dropping the oldest texts first', async () => {
    const model = new FakeModelPort();
    const analyzer = new Analyzer(model, { cacheSize: 8 });
    const distinct = Array.from({ length: 20 }, (_, i) => `event${String.fromCharCode(97 + i)} happened`);
    for (const message of distinct) await analyzer.analyze(records([message]));
    expect(model.calls).toHaveLength(20);

    await analyzer.analyze(records([distinct[19]!])); // the newest is still cached
    expect(model.calls).toHaveLength(20);
    await analyzer.analyze(records([distinct[0]!])); // the oldest was evicted
    expect(model.calls).toHaveLength(21);
  });

  it.each<[LogLevel | null, 'error' | 'warning' | 'info', 'error' | 'warning' | 'info']>([
    ['fatal', 'info', 'error'],
    ['error', 'info', 'error'],
    ['warn', 'info', 'warning'],
    ['warn', 'error', 'warning'],
    ['info', 'error', 'info'],
    ['debug', 'error', 'info'],
    ['trace', 'warning', 'info'],
    [null, 'warning', 'warning'],
    [null, 'error', 'error'],
  ])('producer level %s over model severity %s gives %s', async (level, modelSays, expected) => {
    const model = new FakeModelPort();
    model.defaultSeverity = modelSays;
    const analyzer = new Analyzer(model);
    const [analysis] = await analyzer.analyze(records(['request served'], level));
    expect(analysis!.severity).toBe(expected);
  });

  it('gives messages of the same shape the same template id, stable across analyzers', async () => {
    const first = new Analyzer(new FakeModelPort());
    const second = new Analyzer(new FakeModelPort());
    const a = await first.analyze(
      records(['Connection from 10.0.0.1 closed', 'Connection from 10.0.0.2 closed']),
    );
    const b = await second.analyze(records(['Connection from 192.168.1.7 closed', 'disk sda failed']));
    expect(a[0]!.templateId).toBe(a[1]!.templateId);
    expect(b[0]!.templateId).toBe(a[0]!.templateId);
    expect(b[0]!.template).toBe('Connection from <*> closed');
    expect(b[1]!.templateId).not.toBe(b[0]!.templateId);
    expect(a[1]!.params).toEqual(['10.0.0.2']);
  });

  it('reports which classifier answered', async () => {
    const model = new FakeModelPort();
    model.by = 'rules';
    const [analysis] = await new Analyzer(model).analyze(records(['user 1 logged in']));
    expect(analysis!.classifiedBy).toBe('rules');
  });

  it('answers an empty batch without calling the model', async () => {
    const model = new FakeModelPort();
    expect(await new Analyzer(model).analyze([])).toEqual([]);
    expect(model.calls).toHaveLength(0);
  });
});
