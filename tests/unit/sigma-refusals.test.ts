import { describe, expect, it } from 'vitest';
import { loadSigmaText } from '../../core/rules/sigma/load';
import { LINUX, PROXY, refusal, ruleText, WEBSERVER } from './sigma-fixtures';

const KW = { keywords: ['x'], condition: 'keywords' };

describe('Sigma refusals name their reason', () => {
  it.each([
    ['base64', 'not supported: encoded payloads'],
    ['windash', 'not supported: Windows command-line'],
    ['gt', 'numeric comparisons'],
    ['expand', 'placeholders'],
    ['frobnicate', "unknown modifier 'frobnicate'"],
  ])('modifier %s', (modifier, reason) => {
    expect(
      refusal({ selection: { [`c-useragent|${modifier}`]: 'x' }, condition: 'selection' }, PROXY),
    ).toContain(reason);
  });

  it('modifiers that cannot be combined', () => {
    expect(refusal({ s: { 'c-uri|contains|endswith': 'x' }, condition: 's' }, PROXY)).toContain(
      'cannot be combined',
    );
    expect(refusal({ s: { 'c-uri|re|contains': 'x' }, condition: 's' }, PROXY)).toContain(
      'cannot be combined',
    );
  });

  it('bad values', () => {
    expect(refusal({ s: { 'c-uri': [] }, condition: 's' }, PROXY)).toContain('empty value list');
    expect(refusal({ s: { 'c-uri': { a: 1 } }, condition: 's' }, PROXY)).toContain('neither a string');
    expect(refusal({ s: { 'c-uri|contains': null }, condition: 's' }, PROXY)).toContain('null mixed');
    expect(refusal({ s: { 'c-uri|exists': 'yes' }, condition: 's' }, PROXY)).toContain(
      "'exists' takes one value",
    );
    expect(refusal({ s: { 'dst_ip|cidr': '10.0.0.0/33' }, condition: 's' }, PROXY)).toContain('bad prefix');
    expect(refusal({ s: { 'dst_ip|cidr': 'example.com/8' }, condition: 's' }, PROXY)).toContain(
      'not an IPv4 or IPv6',
    );
    expect(refusal({ s: { 'c-uri|re': '(' }, condition: 's' }, PROXY)).toContain('does not compile');
    expect(refusal({ s: { 'c-uri|re': 'a(?i)b' }, condition: 's' }, PROXY)).toContain('inline flags');
    expect(refusal({ s: { 'c-uri|re': '(?P<x>a)' }, condition: 's' }, PROXY)).toContain(
      'inline flags or syntax',
    );
  });

  it('bad search identifiers', () => {
    expect(refusal({ s: {}, condition: 's' })).toContain('empty map');
    expect(refusal({ s: [], condition: 's' })).toContain('empty list');
    expect(refusal({ s: ['a', { b: 1 }], condition: 's' })).toContain('mixes keywords and maps');
    expect(refusal({ s: true, condition: 's' })).toContain('neither a list nor a map');
    expect(refusal({ s: ['a'] })).toContain("no 'condition'");
  });

  it('fields the logsource cannot give', () => {
    expect(refusal({ s: { 'cs-cookie|contains': 'x' }, condition: 's' }, PROXY)).toBe(
      "field 'cs-cookie' has no Vigil field for logsource category: proxy",
    );
    expect(refusal({ s: { CommandLine: 'x' }, condition: 's' }, LINUX)).toContain("field 'CommandLine'");
    expect(refusal({ s: { 'time-taken': 5 }, condition: 's' }, WEBSERVER)).toContain("field 'time-taken'");
  });

  it('a rule that an empty log satisfies (it would fire on every log)', () => {
    const reason = 'the rule matches an empty log (no message, no fields): it would fire on every log';
    expect(refusal({ s: { 'cs-referer': null }, condition: 's' }, WEBSERVER)).toBe(reason);
    expect(refusal({ k: ['attack'], condition: 'not k' })).toBe(reason);
    expect(refusal({ s: { 'c-useragent|exists': false }, condition: 's' }, PROXY)).toBe(reason);
  });

  it('logsources Vigil cannot read', () => {
    expect(refusal(KW, { product: 'linux', service: 'auditd' })).toContain('auditd records');
    expect(refusal(KW, { product: 'windows', category: 'process_creation' })).toContain('Windows event logs');
    expect(refusal(KW, { product: 'aws', service: 'cloudtrail' })).toBe(
      'logsource product: aws, service: cloudtrail: Vigil has no mapping for it',
    );
  });

  it('levels, statuses, correlation rules and bad documents', () => {
    expect(refusal(KW, LINUX, { level: 'informational' })).toContain('informational');
    expect(refusal(KW, LINUX, { level: 'severe' })).toContain('not a Sigma level');
    expect(refusal(KW, LINUX, { status: 'deprecated' })).toBe('status deprecated');
    expect(refusal(KW, LINUX, { correlation: { type: 'event_count' } })).toContain('correlation rule');
    expect(refusal(KW, LINUX, { title: '' })).toContain("no 'title'");
    expect(loadSigmaText('title: [unclosed', 'bad.yml').refused[0]?.reason).toMatch(/^not valid YAML/);
    expect(loadSigmaText('- a\n- b\n', 'list.yml').refused[0]?.reason).toBe('the file is not a YAML map');
    expect(loadSigmaText(`${ruleText(KW)}\n---\n${ruleText(KW)}`, 'two.yml').refused[0]?.reason).toContain(
      '2 YAML documents',
    );
  });

  it('a refusal keeps the rule id, title and author for the report', () => {
    const result = loadSigmaText(ruleText(KW, { product: 'linux', service: 'auditd' }), 'r.yml');
    expect(result.refused[0]).toMatchObject({
      file: 'r.yml',
      id: '00000000-0000-4000-8000-000000000001',
      title: 'Test rule',
      author: 'Vigil tests',
    });
    expect(result.rules).toEqual([]);
  });
});
