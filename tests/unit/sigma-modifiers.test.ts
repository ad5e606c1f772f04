import { describe, expect, it } from 'vitest';
import { parseSigmaString } from '../../core/rules/sigma/wildcard';
import { compile, ev, msg, PROXY, WEBSERVER } from './sigma-fixtures';

const UA = 'user_agent.original';
const URL = 'url.original';
const uaRule = (key: string, value: unknown) =>
  compile({ selection: { [key]: value }, condition: 'selection' }, PROXY);

describe('Sigma value matching', () => {
  it('matches a plain value exactly and case-insensitively', () => {
    const rule = uaRule('c-useragent', 'Mozilla/3.0 (compatible; Indy Library)');
    expect(rule.matches(ev({ [UA]: 'mozilla/3.0 (COMPATIBLE; indy library)' }))).toBe(true);
    expect(rule.matches(ev({ [UA]: 'Mozilla/3.0 (compatible; Indy Library) extra' }))).toBe(false);
    expect(rule.matches(ev({}))).toBe(false);
  });

  it('contains, startswith and endswith', () => {
    expect(uaRule('c-useragent|contains', 'sqlmap').matches(ev({ [UA]: 'x SQLMap/1.7 y' }))).toBe(true);
    expect(uaRule('c-useragent|contains', 'sqlmap').matches(ev({ [UA]: 'curl/8.0' }))).toBe(false);
    expect(uaRule('c-useragent|startswith', 'python-').matches(ev({ [UA]: 'Python-urllib/3.11' }))).toBe(
      true,
    );
    expect(uaRule('c-useragent|startswith', 'python-').matches(ev({ [UA]: 'x python-urllib' }))).toBe(false);
    expect(uaRule('c-uri|endswith', '.exe').matches(ev({ [URL]: 'http://a.example/setup.EXE' }))).toBe(true);
    expect(uaRule('c-uri|endswith', '.exe').matches(ev({ [URL]: 'http://a.example/setup.exe?x=1' }))).toBe(
      false,
    );
  });

  it('a value list is or, and all makes it and', () => {
    const any = uaRule('c-uri|contains', ['/alpha', '/bravo']);
    expect(any.matches(ev({ [URL]: '/bravo' }))).toBe(true);
    expect(any.matches(ev({ [URL]: '/charlie' }))).toBe(false);
    const all = uaRule('c-uri|contains|all', ['/alpha', '/bravo']);
    expect(all.matches(ev({ [URL]: '/alpha/bravo' }))).toBe(true);
    expect(all.matches(ev({ [URL]: '/alpha' }))).toBe(false);
  });

  it('fields of one map are and; a list of maps is or', () => {
    const and = compile(
      { selection: { 'cs-method': 'POST', 'c-uri|endswith': '.php' }, condition: 'selection' },
      PROXY,
    );
    expect(and.matches(ev({ 'http.request.method': 'POST', [URL]: '/x.php' }))).toBe(true);
    expect(and.matches(ev({ 'http.request.method': 'GET', [URL]: '/x.php' }))).toBe(false);
    const or = compile(
      { selection: [{ 'cs-method': 'POST' }, { 'c-uri|endswith': '.php' }], condition: 'selection' },
      PROXY,
    );
    expect(or.matches(ev({ 'http.request.method': 'GET', [URL]: '/x.php' }))).toBe(true);
    expect(or.matches(ev({ 'http.request.method': 'GET', [URL]: '/x.html' }))).toBe(false);
  });

  it('cased compares with case', () => {
    const rule = uaRule('c-useragent|cased', 'Go-http-client/1.1');
    expect(rule.matches(ev({ [UA]: 'Go-http-client/1.1' }))).toBe(true);
    expect(rule.matches(ev({ [UA]: 'go-http-client/1.1' }))).toBe(false);
    const contains = uaRule('c-useragent|contains|cased', 'Bot');
    expect(contains.matches(ev({ [UA]: 'xBotx' }))).toBe(true);
    expect(contains.matches(ev({ [UA]: 'xbotx' }))).toBe(false);
  });

  it('re is case-sensitive unless i, and reads a leading (?i)', () => {
    const rule = uaRule('c-uri|re', '^/[a-z]+\\.php$');
    expect(rule.matches(ev({ [URL]: '/shell.php' }))).toBe(true);
    expect(rule.matches(ev({ [URL]: '/SHELL.php' }))).toBe(false);
    expect(uaRule('c-uri|re|i', '^/[a-z]+\\.php$').matches(ev({ [URL]: '/SHELL.php' }))).toBe(true);
    expect(uaRule('c-uri|re', '(?i)^/[a-z]+\\.php$').matches(ev({ [URL]: '/SHELL.php' }))).toBe(true);
  });

  it('re flags m and s change ^ and .', () => {
    const lines = { [URL]: 'first\nsecond' };
    expect(uaRule('c-uri|re', '^second').matches(ev(lines))).toBe(false);
    expect(uaRule('c-uri|re|m', '^second').matches(ev(lines))).toBe(true);
    expect(uaRule('c-uri|re', 'first.second').matches(ev(lines))).toBe(false);
    expect(uaRule('c-uri|re|s', 'first.second').matches(ev(lines))).toBe(true);
  });

  it('exists tests presence, not value', () => {
    const present = uaRule('c-useragent|exists', true);
    expect(present.matches(ev({ [UA]: '' }))).toBe(true);
    expect(present.matches(ev({}))).toBe(false);
    const absent = compile(
      { selection: { 'c-useragent|exists': false, 'cs-method': 'GET' }, condition: 'selection' },
      PROXY,
    );
    expect(absent.matches(ev({ 'http.request.method': 'GET' }))).toBe(true);
    expect(absent.matches(ev({ 'http.request.method': 'GET', [UA]: 'curl/8' }))).toBe(false);
  });

  it('cidr tests IPv4 and IPv6 networks', () => {
    const rule = uaRule('dst_ip|cidr', ['10.0.0.0/8', 'fe80::/10']);
    expect(rule.matches(ev({ 'destination.ip': '10.20.30.40' }))).toBe(true);
    expect(rule.matches(ev({ 'destination.ip': '11.0.0.1' }))).toBe(false);
    expect(rule.matches(ev({ 'destination.ip': 'fe80::1' }))).toBe(true);
    expect(rule.matches(ev({ 'destination.ip': '2001:db8::1' }))).toBe(false);
    expect(rule.matches(ev({ 'destination.ip': 'not an address' }))).toBe(false);
    expect(uaRule('dst_ip|cidr', '::ffff:0:0/96').matches(ev({ 'destination.ip': '::ffff:192.0.2.1' }))).toBe(
      true,
    );
  });

  it('null matches an absent or null field only', () => {
    const rule = compile(
      { selection: { 'cs-referer': null, 'cs-method': 'POST' }, condition: 'selection' },
      WEBSERVER,
    );
    const post = { 'http.request.method': 'POST' };
    expect(rule.matches(ev(post))).toBe(true);
    expect(rule.matches(ev({ ...post, 'http.request.referrer': null }))).toBe(true);
    expect(rule.matches(ev({ ...post, 'http.request.referrer': 'https://example.com/' }))).toBe(false);
  });

  it('an empty string matches an empty value only', () => {
    const rule = uaRule('c-useragent', '');
    expect(rule.matches(ev({ [UA]: '' }))).toBe(true);
    expect(rule.matches(ev({ [UA]: 'curl/8' }))).toBe(false);
    expect(rule.matches(ev({}))).toBe(false);
  });

  it('numbers match numeric and text field values', () => {
    const rule = compile({ selection: { 'sc-status': 404 }, condition: 'selection' }, WEBSERVER);
    expect(rule.matches(ev({ 'http.response.status_code': 404 }))).toBe(true);
    expect(rule.matches(ev({ 'http.response.status_code': '404' }))).toBe(true);
    expect(rule.matches(ev({ 'http.response.status_code': 4040 }))).toBe(false);
  });

  it('keywords match anywhere in the message, case-insensitively, and |all needs every one', () => {
    const rule = compile({ keywords: ['stack smashing detected'], condition: 'keywords' });
    expect(rule.matches(msg('*** STACK SMASHING DETECTED ***: terminated'))).toBe(true);
    expect(rule.matches(msg('stack ok'))).toBe(false);
    const all = compile({
      keywords: { '|all': ['FileNotFoundException', '/../../..'] },
      condition: 'keywords',
    });
    expect(all.matches(msg('java.io.FileNotFoundException: /app/../../../etc/passwd'))).toBe(true);
    expect(all.matches(msg('java.io.FileNotFoundException: /app/config.yml'))).toBe(false);
  });

  it('a wildcard spans the lines of a stack trace', () => {
    const rule = compile({ keywords: ['Exception*at com.example'], condition: 'keywords' });
    expect(
      rule.matches(msg('java.lang.IllegalStateException: boom\n\tat com.example.Main.run(Main.java:7)')),
    ).toBe(true);
  });

  it('does not answer from the previous event when one view serves many events', () => {
    const rule = uaRule('c-useragent|contains', 'nikto');
    const fields: Record<string, string> = { [UA]: 'Nikto/2.5' };
    const event = { message: '', fields };
    expect(rule.matches(event)).toBe(true);
    fields[UA] = 'Mozilla/5.0';
    expect(rule.matches(event)).toBe(false);
  });
});

describe('Sigma wildcards and escaping', () => {
  it('* is any run and ? exactly one character', () => {
    const rule = uaRule('c-useragent', 'Wget/1.*');
    expect(rule.matches(ev({ [UA]: 'Wget/1.21.4' }))).toBe(true);
    expect(rule.matches(ev({ [UA]: 'Wget/2.0' }))).toBe(false);
    const one = uaRule('c-uri', '/prog?.exe');
    expect(one.matches(ev({ [URL]: '/progA.exe' }))).toBe(true);
    expect(one.matches(ev({ [URL]: '/progAB.exe' }))).toBe(false);
    expect(one.matches(ev({ [URL]: '/prog.exe' }))).toBe(false);
  });

  it('wildcards inside contains, startswith and endswith', () => {
    const rule = uaRule('c-uri|contains', '/api/*/exec');
    expect(rule.matches(ev({ [URL]: 'http://h/api/v1/pods/exec?x' }))).toBe(true);
    expect(rule.matches(ev({ [URL]: 'http://h/exec/api/' }))).toBe(false);
  });

  it('parses the specification escaping cases', () => {
    expect(parseSigmaString('a\\*b')).toEqual([{ kind: 'text', text: 'a*b' }]);
    expect(parseSigmaString('a\\?b')).toEqual([{ kind: 'text', text: 'a?b' }]);
    expect(parseSigmaString('a\\\\*')).toEqual([{ kind: 'text', text: 'a\\' }, { kind: 'any' }]);
    expect(parseSigmaString('a\\\\\\*')).toEqual([{ kind: 'text', text: 'a\\*' }]);
    expect(parseSigmaString('a\\\\\\\\b')).toEqual([{ kind: 'text', text: 'a\\\\b' }]);
    expect(parseSigmaString('C:\\Windows\\')).toEqual([{ kind: 'text', text: 'C:\\Windows\\' }]);
  });

  it('an escaped star is a plain star when matching', () => {
    const rule = uaRule('c-uri|contains', 'select \\* from');
    expect(rule.matches(ev({ [URL]: '/q?select * from users' }))).toBe(true);
    expect(rule.matches(ev({ [URL]: '/q?select name from users' }))).toBe(false);
  });

  it('regex metacharacters in plain values are literal', () => {
    const rule = uaRule('c-uri|contains', '(a+b)[c]');
    expect(rule.matches(ev({ [URL]: 'x(a+b)[c]y' }))).toBe(true);
    expect(rule.matches(ev({ [URL]: 'xaaab' }))).toBe(false);
    const wild = uaRule('c-uri', '(a+b)*[c]');
    expect(wild.matches(ev({ [URL]: '(a+b)zz[c]' }))).toBe(true);
    expect(wild.matches(ev({ [URL]: 'aab[c]' }))).toBe(false);
  });
});
