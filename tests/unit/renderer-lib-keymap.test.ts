/** The renderer's keyboard map (renderer/src/lib/keymap.ts): g-chords, digits and list keys. */
import { describe, expect, it } from 'vitest';
import { CHORD_TIMEOUT_MS, NO_PENDING_KEY, interpretKey, type KeyInput } from '../../renderer/src/lib/keymap';

describe('keymap', () => {
  const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
    key: k,
    ctrl: false,
    meta: false,
    alt: false,
    editable: false,
    now: 1_000,
    ...extra,
  });

  it('switches views with g-chords and digits', () => {
    const afterG = interpretKey(NO_PENDING_KEY, key('g'));
    expect(afterG.command).toBeNull();
    expect(interpretKey(afterG.state, key('a', { now: 1_500 })).command).toEqual({
      kind: 'view',
      view: 'alerts',
    });
    expect(interpretKey(NO_PENDING_KEY, key('3')).command).toEqual({ kind: 'view', view: 'logs' });
    expect(interpretKey(NO_PENDING_KEY, key('6')).command).toEqual({ kind: 'view', view: 'settings' });
    expect(interpretKey(NO_PENDING_KEY, key('7')).command).toBeNull();
  });

  it('forgets a g-chord after its timeout', () => {
    const afterG = interpretKey(NO_PENDING_KEY, key('g'));
    expect(interpretKey(afterG.state, key('l', { now: 1_000 + CHORD_TIMEOUT_MS + 1 })).command).toBeNull();
  });

  it('maps list keys and leaves modified keys and typing alone', () => {
    expect(interpretKey(NO_PENDING_KEY, key('j')).command).toEqual({ kind: 'next' });
    expect(interpretKey(NO_PENDING_KEY, key('k')).command).toEqual({ kind: 'prev' });
    expect(interpretKey(NO_PENDING_KEY, key('/')).command).toEqual({ kind: 'search' });
    expect(interpretKey(NO_PENDING_KEY, key('x')).command).toEqual({ kind: 'select' });
    expect(interpretKey(NO_PENDING_KEY, key('j', { ctrl: true })).command).toBeNull();
    expect(interpretKey(NO_PENDING_KEY, key('j', { editable: true })).command).toBeNull();
    expect(interpretKey(NO_PENDING_KEY, key('Escape', { editable: true })).command).toEqual({
      kind: 'escape',
    });
  });
});
