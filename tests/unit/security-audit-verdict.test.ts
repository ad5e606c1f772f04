import { describe, expect, it } from 'vitest';
import { auditVerdict, explainedInDoc } from '../security/audit-verdict';

function report(vulnerabilities: Record<string, { severity: string }>): string {
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0 } as Record<string, number>;
  for (const v of Object.values(vulnerabilities)) counts[v.severity] = (counts[v.severity] ?? 0) + 1;
  return JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: counts } });
}

describe('dependency audit verdict', () => {
  it('passes a report with no advisory', () => {
    const v = auditVerdict(report({}), new Set());
    expect(v).toEqual({
      kind: 'pass',
      counts: { info: 0, low: 0, moderate: 0, high: 0, critical: 0 },
      explained: [],
    });
  });

  it('passes moderate and low advisories, which do not block', () => {
    const v = auditVerdict(report({ a: { severity: 'moderate' }, b: { severity: 'low' } }), new Set());
    expect(v.kind).toBe('pass');
  });

  it('fails on high and critical advisories that the doc does not explain, naming them', () => {
    const v = auditVerdict(
      report({ zeta: { severity: 'critical' }, alpha: { severity: 'high' }, ok: { severity: 'high' } }),
      new Set(['ok']),
    );
    expect(v).toMatchObject({ kind: 'fail', unexplained: ['alpha', 'zeta'] });
  });

  it('passes when every blocking advisory is explained', () => {
    const v = auditVerdict(report({ ok: { severity: 'critical' } }), new Set(['ok']));
    expect(v).toMatchObject({ kind: 'pass', explained: ['ok'] });
  });

  it('reports the endpoint as unavailable (not passed) when npm prints its HTTP error', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '' },
    });
    const v = auditVerdict(refused, new Set());
    expect(v.kind).toBe('unavailable');
    expect(v.kind === 'unavailable' && v.reason).toContain('HTTP 405');
  });

  it('reports output that is not JSON as unavailable', () => {
    expect(auditVerdict('npm error something broke', new Set()).kind).toBe('unavailable');
    expect(auditVerdict('', new Set()).kind).toBe('unavailable');
  });
});

describe('explained advisories in docs/security.md', () => {
  it('reads the package names of the section, and only of that section', () => {
    const doc = [
      '## Dependencies',
      '- `not-this`: outside the section',
      '### Explained advisories',
      '- `foo`: only reachable from the build script.',
      '- `@scope/bar`: the vulnerable function is never called.',
      'Some prose with `baz` in it.',
      '## Next section',
      '- `nor-this`: after the section',
    ].join('\n');
    expect([...explainedInDoc(doc)].sort()).toEqual(['@scope/bar', 'foo']);
  });

  it('is empty when the section is missing', () => {
    expect(explainedInDoc('# Security\n- `foo`: x').size).toBe(0);
  });
});
