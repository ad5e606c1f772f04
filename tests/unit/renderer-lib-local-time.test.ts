import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from '../../renderer/src/lib/local-time';

describe('datetime-local values', () => {
  it('round-trips a time to the second in the local zone', () => {
    const at = Date.UTC(2026, 11, 5, 2, 30, 15);
    const text = toLocalInput(at);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(fromLocalInput(text)).toBe(at);
    const d = new Date(at);
    expect(text.slice(11, 16)).toBe(
      `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`,
    );
  });

  it('reads a value without seconds and refuses anything else', () => {
    expect(fromLocalInput('2026-12-05T02:30')).toBe(new Date(2026, 11, 5, 2, 30).getTime());
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-12-05')).toBeNull();
    expect(fromLocalInput('2026-12-05T02:30:00Z')).toBeNull();
  });
});
