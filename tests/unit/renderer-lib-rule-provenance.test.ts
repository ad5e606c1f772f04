import { describe, expect, it } from 'vitest';
import type { AlertRuleRef } from '../../core/contract';
import { describeRule } from '../../renderer/src/lib/rule-provenance';

const base: AlertRuleRef = {
  id: 'nginx.upstream-timeout',
  source: 'pack',
  file: 'nginx.yaml',
  title: 'nginx upstream timeouts',
  author: null,
  sigmaId: null,
  advice: 'Check the backend named in "upstream:".',
  references: ['https://nginx.org/en/docs/http/ngx_http_proxy_module.html', 'javascript:alert(1)'],
};

describe('describeRule', () => {
  it('names a pack rule by id and file, with its advice and only http(s) references', () => {
    expect(describeRule(base)).toEqual({
      id: 'nginx.upstream-timeout',
      origin: 'Vigil rule pack, nginx.yaml',
      advice: 'Check the backend named in "upstream:".',
      references: ['https://nginx.org/en/docs/http/ngx_http_proxy_module.html'],
    });
  });

  it("names a user's rule as theirs", () => {
    expect(describeRule({ ...base, source: 'user', file: 'mine.yaml' }).origin).toBe('Your rules, mine.yaml');
  });

  it('names a Sigma rule by its id and author and names SigmaHQ', () => {
    const origin = describeRule({
      ...base,
      id: 'web-webshell',
      source: 'sigma',
      sigmaId: '7ff9db12-1b94-4a79-ba68-a2402c5d6729',
      author: 'Florian Roth',
      file: 'web_webshell_keyword.yml',
    }).origin;
    expect(origin).toContain('7ff9db12-1b94-4a79-ba68-a2402c5d6729');
    expect(origin).toContain('Florian Roth');
    expect(origin).toContain('SigmaHQ');
  });

  it('says when a built-in fallback raised the alert', () => {
    expect(describeRule({ ...base, source: 'builtin', file: null, advice: null }).origin).toMatch(/Built-in/);
  });
});
