/**
 * The rule loader and validator: a broken rule (bad schema, bad regex, bad group reference) or a
 * broken file is refused with its file and reason while everything else loads; user rules override
 * shipped ones by id.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRuleDir, loadRuleSet, parseRuleText } from '../../core/rules';

const good = (id: string, extra = ''): string => `
  - id: ${id}
    title: 'Disk full on {host}'
    trigger: system_error
    level: critical
    match: { template: 'No space left on device' }
    advice: Free space on the volume named in the message.
    references: [https://man7.org/linux/man-pages/man3/errno.3.html]
    examples:
      match: ['write failed: No space left on device']
      nomatch: ['write ok']${extra}
`;

describe('parseRuleText', () => {
  it('loads valid rules and compiles their patterns case-insensitively', () => {
    const out = parseRuleText(`family: Test\nrules:${good('t.disk')}`, 'test.yaml', 'pack');
    expect(out.refused).toEqual([]);
    expect(out.rules).toHaveLength(1);
    expect(out.rules[0]!.compiled.template!.test('NO SPACE LEFT ON DEVICE')).toBe(true);
    expect(out.rules[0]!.compiled.ref).toMatchObject({ id: 't.disk', source: 'pack', file: 'test.yaml' });
  });

  it('refuses a broken rule with its file, id and reason, and still loads its neighbours', () => {
    const text = `family: Test
rules:${good('t.one')}
  - id: t.bad-regex
    title: x
    trigger: system_error
    level: high
    match: { template: '(unclosed' }
    advice: Do something useful about it.
    examples: { match: [a], nomatch: [b] }
  - id: t.bad-level
    title: x
    trigger: system_error
    level: urgent
    match: { template: 'x' }
    advice: Do something useful about it.
    examples: { match: [a], nomatch: [b] }
  - id: t.no-examples
    title: x
    trigger: security
    level: high
    match: { template: 'x' }
    advice: Do something useful about it.
  - id: t.unknown-key
    title: x
    trigger: security
    level: high
    match: { template: 'x', regexp: 'y' }
    advice: Do something useful about it.
    examples: { match: [a], nomatch: [b] }
  - id: t.bad-group
    title: x
    trigger: security
    level: high
    match: { template: 'x', message: 'from (?<ip>\\S+)' }
    threshold: { count: 5, windowSeconds: 60, groupBy: 'match:addr' }
    advice: Do something useful about it.
    examples: { match: [a], nomatch: [b] }
${good('t.two').replace(/^\n/, '')}`;
    const out = parseRuleText(text, 'mixed.yaml', 'user');
    expect(out.rules.map((r) => r.spec.id)).toEqual(['t.one', 't.two']);
    const refused: Record<string, { reason: string }> = Object.fromEntries(
      out.refused.map((r) => [r.ruleId ?? '', r]),
    );
    expect(Object.keys(refused).sort()).toEqual(
      ['t.bad-group', 't.bad-level', 't.bad-regex', 't.no-examples', 't.unknown-key'].sort(),
    );
    for (const r of out.refused) expect(r.file).toBe('mixed.yaml');
    expect(refused['t.bad-regex']!.reason).toMatch(/match\.template: invalid regular expression/);
    expect(refused['t.bad-level']!.reason).toMatch(/level/);
    expect(refused['t.no-examples']!.reason).toMatch(/examples/);
    expect(refused['t.unknown-key']!.reason).toMatch(/regexp/);
    expect(refused['t.bad-group']!.reason).toMatch(/addr/);
  });

  it('refuses a file that is not YAML, or not a rule file, as a whole', () => {
    expect(parseRuleText('rules: [unclosed', 'a.yaml', 'user').refused[0]).toMatchObject({
      file: 'a.yaml',
      ruleId: null,
      reason: expect.stringMatching(/not valid YAML/) as unknown,
    });
    expect(parseRuleText('just: text', 'b.yaml', 'user').refused[0]!.reason).toMatch(/family|rules/);
  });

  it('refuses a rule that matches nothing', () => {
    const out = parseRuleText(
      `family: T\nrules:\n  - { id: t.empty, title: x, trigger: anomaly, level: low, match: {}, advice: Do something useful about it., examples: { match: [a], nomatch: [b] } }`,
      'c.yaml',
      'user',
    );
    expect(out.refused[0]!.reason).toMatch(/must match something/);
  });
});

describe('rule folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads YAML and JSON files, ignores other files, and refuses a duplicate id across files', () => {
    writeFileSync(join(dir, 'a.yaml'), `family: A\nrules:${good('x.same')}`);
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({
        family: 'B',
        rules: [
          {
            id: 'x.same',
            title: 't',
            trigger: 'anomaly',
            level: 'low',
            match: { template: 'y' },
            advice: 'Do something useful about it.',
            examples: { match: ['y'], nomatch: ['z'] },
          },
        ],
      }),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a rule file');
    const out = loadRuleDir(dir, 'user');
    expect(out.files).toEqual(['a.yaml', 'b.json']);
    expect(out.rules.map((r) => [r.spec.id, r.compiled.ref.file])).toEqual([['x.same', 'a.yaml']]);
    expect(out.refused).toEqual([
      { file: 'b.json', ruleId: 'x.same', reason: expect.stringMatching(/duplicate id/) as unknown },
    ]);
  });

  it('reports a missing folder as one refusal instead of throwing', () => {
    const out = loadRuleDir(join(dir, 'missing'), 'user');
    expect(out.rules).toEqual([]);
    expect(out.refused[0]!.reason).toMatch(/cannot read the rules folder/);
  });

  it('lets a user rule with a shipped id replace the shipped rule, and reports it', () => {
    writeFileSync(
      join(dir, 'mine.yaml'),
      `family: Mine\nrules:${good('linux.no-space-left').replace('level: critical', 'level: medium')}${good('mine.extra')}`,
    );
    const set = loadRuleSet({ userDir: dir });
    const replaced = set.loaded.find((r) => r.spec.id === 'linux.no-space-left')!;
    expect(replaced.compiled.ref.source).toBe('user');
    expect(replaced.compiled.level).toBe('medium');
    expect(set.loaded.filter((r) => r.spec.id === 'linux.no-space-left')).toHaveLength(1);
    expect(set.status.overridden).toEqual(['linux.no-space-left']);
    expect(set.status.userDir).toBe(dir);
    expect(set.status.bySource.user).toBe(2);
    expect(set.status.bySource.pack).toBe(set.loaded.length - 2);
    expect(set.status.refused).toEqual([]);
  });
});
