/**
 * The Patterns view's selection (renderer/src/stores/pattern-focus.ts): an alert opens its pattern
 * by id; the store asks the engine for that one pattern and for every alert that holds it, adopts
 * the survivor of a merged template, says when the engine no longer counts it, and drops answers
 * to an older selection.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, VigilApi } from '../../core/contract';
import {
  loadPatternFocus,
  openPattern,
  PATTERN_ALERTS_SHOWN,
  selectPattern,
  usePatternFocusStore,
} from '../../renderer/src/stores/pattern-focus';
import { INITIAL_UI, useUiStore } from '../../renderer/src/stores/ui';
import { setApi } from '../../renderer/src/transport/session';
import { alert, pattern } from './renderer-fixtures';

type Call = { name: CommandName; request: unknown };

/** A fake engine: answers patterns:list and patterns:alerts from `known` (id → survivor id). */
function fakeApi(known: Record<string, string>, calls: Call[], hold?: Promise<void>): VigilApi {
  return {
    call: (async (name: CommandName, request: { templateId: string }) => {
      calls.push({ name, request });
      await hold;
      const survivor = known[request.templateId];
      if (name === 'patterns:list')
        return survivor === undefined
          ? { patterns: [], total: 0 }
          : { patterns: [pattern({ templateId: survivor })], total: 1 };
      if (name === 'patterns:alerts') {
        const alerts = survivor === undefined ? [] : [alert({ id: `al-${survivor}`, templateId: survivor })];
        return { templateId: survivor ?? request.templateId, alerts, total: alerts.length };
      }
      throw new Error(`unexpected ${name}`);
    }) as VigilApi['call'],
    onEvents: () => () => undefined,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  useUiStore.setState(INITIAL_UI, true);
  selectPattern(null);
});

describe('pattern focus', () => {
  it('opening a pattern shows the Patterns view and asks for it and its alerts by id', async () => {
    const calls: Call[] = [];
    setApi(fakeApi({ p7: 'p7' }, calls));
    openPattern('p7');
    expect(useUiStore.getState().view).toBe('patterns');
    expect(usePatternFocusStore.getState().selectedId).toBe('p7');
    await settle();
    expect(calls).toEqual([
      { name: 'patterns:list', request: { templateId: 'p7', limit: 1 } },
      { name: 'patterns:alerts', request: { templateId: 'p7', limit: PATTERN_ALERTS_SHOWN } },
    ]);
    const state = usePatternFocusStore.getState();
    expect(state.pattern?.templateId).toBe('p7');
    expect(state.alerts?.alerts.map((a) => a.id)).toEqual(['al-p7']);
    expect(state.missing).toBe(false);
  });

  it('a merged template id selects its survivor', async () => {
    setApi(fakeApi({ old: 'survivor' }, []));
    openPattern('old');
    await settle();
    expect(usePatternFocusStore.getState().selectedId).toBe('survivor');
    expect(usePatternFocusStore.getState().alerts?.templateId).toBe('survivor');
  });

  it('says when the engine no longer counts the template', async () => {
    setApi(fakeApi({}, []));
    openPattern('gone');
    await settle();
    const state = usePatternFocusStore.getState();
    expect(state).toMatchObject({ selectedId: 'gone', pattern: null, missing: true });
    expect(state.alerts?.total).toBe(0);
  });

  it('drops the answer to an older selection', async () => {
    let release = () => undefined as void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    setApi(fakeApi({ a: 'a', b: 'b' }, [], hold));
    openPattern('a');
    selectPattern('b');
    release();
    await settle();
    expect(usePatternFocusStore.getState().selectedId).toBe('b');
    expect(usePatternFocusStore.getState().pattern?.templateId).toBe('b');
    // Closing the detail asks nothing more and a refresh without a selection is a no-op.
    selectPattern(null);
    await loadPatternFocus();
    expect(usePatternFocusStore.getState()).toMatchObject({ selectedId: null, pattern: null, alerts: null });
  });
});
