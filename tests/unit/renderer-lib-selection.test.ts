/** The renderer's list selection (renderer/src/lib/selection.ts): bounded steps and lookup by key. */
import { describe, expect, it } from 'vitest';
import { indexOfKey, stepSelection } from '../../renderer/src/lib/selection';

describe('selection', () => {
  it('steps within bounds and starts at the top', () => {
    expect(stepSelection(-1, 10, 1)).toBe(0);
    expect(stepSelection(-1, 10, -1)).toBe(0);
    expect(stepSelection(9, 10, 1)).toBe(9);
    expect(stepSelection(0, 10, -1)).toBe(0);
    expect(stepSelection(3, 0, 1)).toBe(-1);
    expect(stepSelection(12, 10, 1)).toBe(9);
  });
  it('finds an item by key', () => {
    expect(indexOfKey(['a', 'b'], (x) => x, 'b')).toBe(1);
    expect(indexOfKey(['a', 'b'], (x) => x, null)).toBe(-1);
  });
});
