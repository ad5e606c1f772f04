/**
 * renderer/src/lib/alert-fields.ts: what the Alerts view reads of fields added to Alert over time (where the
 * alert happened): shown when the engine sends them, absent (not an error) when it does not.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/contract';
import { countedLine, locationOf, namesLine } from '../../renderer/src/lib/alert-fields';
import { alert } from './renderer-fixtures';

describe('alert detail fields', () => {
  it('reads where an alert happened, with counts, and nothing from an older engine', () => {
    expect(locationOf(alert()).host).toBeUndefined();
    expect(locationOf(alert()).hosts).toBeUndefined();
    const located = {
      ...alert(),
      host: 'web-1',
      hosts: [
        { value: 'web-1', count: 1200 },
        { value: 'web-2', count: 3 },
      ],
    } as Alert;
    expect(locationOf(located).host).toBe('web-1');
    expect(countedLine(locationOf(located).hosts ?? [])).toBe('web-1 (1,200), web-2 (3)');
  });

  it('shows at most three names on an incident row and counts the rest', () => {
    expect(namesLine(['sshd'])).toBe('sshd');
    expect(namesLine(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c +2');
  });
});
