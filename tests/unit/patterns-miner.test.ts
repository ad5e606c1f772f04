import { describe, expect, it } from 'vitest';
import { maskMessage, splitTokens } from '../../core/patterns/mask';
import { TemplateMiner } from '../../core/patterns/miner';
import { MAX_CONSTANT_VALUES } from '../../core/patterns/shape';

describe('TemplateMiner', () => {
  it('gives the same id to the same template with different values', () => {
    const miner = new TemplateMiner();
    const a = miner.add('Accepted password for root from 10.0.0.1 port 22 ssh2');
    const b = miner.add('Accepted password for root from 192.168.7.42 port 50122 ssh2');
    expect(a.isNew).toBe(true);
    expect(b.isNew).toBe(false);
    expect(b.templateId).toBe(a.templateId);
    expect(b.template).toBe('Accepted password for root from <*> port <*> ssh2');
    expect(miner.size).toBe(1);
  });

  it('returns the masked message, the same text maskMessage gives', () => {
    const miner = new TemplateMiner();
    const message = 'GET /api/v1/users?id=42 took 12ms from 10.0.0.7:5050';
    expect(miner.add(message).masked).toBe(maskMessage(message));
    expect(miner.add(message).masked).toBe(maskMessage(message)); // from the exact-match cache too
  });

  it('extracts the params behind each <*>', () => {
    const miner = new TemplateMiner();
    const r = miner.add('session uid=1000 opened at Jun 17 07:07:00 2005 by 10.1.2.3:22');
    expect(r.template).toBe('session uid=<*> opened at <*> by <*>:<*>');
    expect(r.params).toEqual(['1000', 'Jun 17 07:07:00 2005', '10.1.2.3', '22']);
  });

  it('keeps its id when the template generalizes', () => {
    const miner = new TemplateMiner();
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];
    const first = miner.add(`Invalid user ${users[0]} from 10.0.0.1`);
    let last = first;
    for (const u of users.slice(1)) last = miner.add(`Invalid user ${u} from 10.0.0.2`);
    // Once the user position has shown more distinct words than a constant would, it is a variable.
    expect(users.length).toBeGreaterThan(MAX_CONSTANT_VALUES);
    expect(last.template).toBe('Invalid user <*> from <*>');
    expect(last.templateId).toBe(first.templateId);
    expect(miner.resolve(first.templateId)).toBe(first.templateId);
    // Templates created for the first users were merged into the first one and resolve to it.
    const second = miner.match('Invalid user bob from 10.9.9.9');
    expect(second?.templateId).toBe(first.templateId);
    expect(miner.size).toBe(1);
    expect([...miner.templates()][0]?.count).toBe(users.length);
  });

  it('keeps apart events that differ in a word with few values', () => {
    const miner = new TemplateMiner();
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) {
      ids.add(miner.add(`VM Started (Lifecycle Event) id ${i}`).templateId);
      ids.add(miner.add(`VM Stopped (Lifecycle Event) id ${i}`).templateId);
    }
    expect(ids.size).toBe(2);
  });

  it('match does not learn', () => {
    const miner = new TemplateMiner();
    expect(miner.match('disk full on /dev/sda1')).toBeNull();
    expect(miner.size).toBe(0);
    const added = miner.add('disk full on /dev/sda1');
    const before = [...miner.templates()][0]?.count;
    const matched = miner.match('disk full on /dev/sdb2');
    expect(matched?.templateId).toBe(added.templateId);
    expect(matched?.isNew).toBe(false);
    expect([...miner.templates()][0]?.count).toBe(before);
    expect(miner.match('a completely different message')).toBeNull();
    expect(miner.size).toBe(1);
  });

  it('evicts the least recently used template at the cap', () => {
    const miner = new TemplateMiner({ maxTemplates: 3 });
    const a = miner.add('alpha service started');
    const b = miner.add('beta queue drained');
    const c = miner.add('gamma cache warmed');
    miner.add('alpha service started'); // a is now more recent than b
    const d = miner.add('delta shard rebalanced');
    expect(miner.size).toBe(3);
    const live = new Set([...miner.templates()].map((t) => t.templateId));
    expect(live).toEqual(new Set([a.templateId, c.templateId, d.templateId]));
    expect(live.has(b.templateId)).toBe(false);
    // The evicted template is learned again as a new one.
    expect(miner.add('beta queue drained').isNew).toBe(true);
    expect(miner.size).toBe(3);
  });

  it('assigns ids deterministically for the same input order', () => {
    const lines = ['x started in 12ms', 'y stopped after 3 retries', 'x started in 40ms', 'z failed: code=7'];
    const run = () => {
      const miner = new TemplateMiner();
      return lines.map((l) => miner.add(l).templateId);
    };
    expect(run()).toEqual(run());
  });

  it('does not throw on empty, huge or unicode input', () => {
    const miner = new TemplateMiner();
    expect(miner.add('').template).toBe('');
    expect(miner.add('   ').templateId).toBe(miner.add('').templateId);
    const huge = 'word '.repeat(200_000) + '123';
    expect(() => miner.add(huge)).not.toThrow();
    const u = miner.add('ユーザー 42 が ログイン 🚀');
    expect(u.template).toBe('ユーザー <*> が ログイン 🚀');
    expect(u.params).toEqual(['42']);
    expect(() => miner.add('\u0000\uD800 "unterminated = [')).not.toThrow();
  });

  it('fills the template back into the message with its params, on arbitrary input', () => {
    // Seeded generator: the same strings every run.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const chars = [...'ab Z09:./\\=@"\'()[]{}<>,;-_#|%\t\nµé😀'];
    const miner = new TemplateMiner({ maxTemplates: 50 });
    const messages = [
      'connection from 1.2.3.4 (host.example.com) at Fri Jun 17 07:07:00 2005',
      'sent 403 bytes (4.0 KB), lifetime <1 sec',
      'acquire lock=233570404, tag="View Lock", uid=10037',
    ];
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) s += chars[Math.floor(random() * chars.length)];
      messages.push(s);
    }
    for (const message of messages) {
      const r = miner.add(message);
      let next = 0;
      const rebuilt = r.template.replace(/<\*>/g, () => r.params[next++] ?? '<missing>');
      expect(next).toBe(r.params.length);
      expect(rebuilt).toBe(splitTokens(message).join(' '));
    }
    expect(miner.size).toBeLessThanOrEqual(50);
  });

  it('rejects a bad cap', () => {
    expect(() => new TemplateMiner({ maxTemplates: 0 })).toThrow(RangeError);
  });
});
