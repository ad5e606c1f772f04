import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSigmaDir, shippedSigmaDir } from '../../core/rules/sigma/load';
import { sigmaProvenance } from '../../core/rules/sigma/provenance';
import { sigmaReport } from '../../core/rules/sigma/report';
import { sigmaReportPath, sigmaSourceDir, ymlFiles } from '../eval/sigma-report';

const sourceDir = sigmaSourceDir;
const reportPath = sigmaReportPath;
const source = loadSigmaDir(sourceDir);

describe('the SigmaHQ source rules (data/sigma) and the generated report', () => {
  it('loads 91 of the 219 rules and refuses 128, each with a reason', () => {
    expect(source.rules.length + source.refused.length).toBe(219);
    expect(source.rules.length).toBe(91);
    expect(source.refused.length).toBe(128);
    for (const r of source.refused) expect(r.reason.length).toBeGreaterThan(10);
  });

  it('docs/sigma-rules.md is what `npm run sigma:report` writes today', () => {
    expect(readFileSync(reportPath, 'utf8'), 'run npm run sigma:report').toBe(sigmaReport(source));
  });

  it('the report states the counts the loaders give, and lists every rule once', () => {
    const report = readFileSync(reportPath, 'utf8');
    const shipped = loadSigmaDir(shippedSigmaDir());
    expect(report).toContain(
      `**219 rules: ${shipped.rules.length} loaded (shipped in \`core/rules/sigma/rules/\`), ${source.refused.length} refused.**`,
    );
    expect(shipped.refused).toEqual([]);
    for (const file of ymlFiles(sourceDir)) expect(report.split(`| ${file} |`).length - 1, file).toBe(1);
  });

  it('ships exactly the rules that load, byte for byte as SigmaHQ wrote them', () => {
    const shippedDir = shippedSigmaDir();
    expect(ymlFiles(shippedDir)).toEqual(source.rules.map((r) => r.file).sort());
    for (const file of ymlFiles(shippedDir)) {
      expect(readFileSync(join(shippedDir, file), 'utf8'), file).toBe(
        readFileSync(join(sourceDir, file), 'utf8'),
      );
    }
  });

  it('ships the licence and a README naming SigmaHQ and the source', () => {
    const dir = shippedSigmaDir();
    expect(readFileSync(join(dir, 'DRL-1.1.md'), 'utf8')).toContain('Detection Rule License');
    expect(existsSync(join(dir, 'LICENSE.md'))).toBe(true);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('SigmaHQ');
    expect(readme).toContain('8eaafff1f2845a696050e05e72ba1140ee190698');
  });
});

describe('Sigma provenance', () => {
  it('names the title, id, author, SigmaHQ and the licence', () => {
    const rule = source.rules.find((r) => r.id === '5513deaf-f49a-46c2-a6c8-3f111b5cb453');
    expect(rule).toBeDefined();
    const p = sigmaProvenance(rule as NonNullable<typeof rule>);
    expect(p).toMatchObject({
      sigmaId: '5513deaf-f49a-46c2-a6c8-3f111b5cb453',
      author: 'Saw Win Naung, Nasreddine Bencherchali (Nextron Systems), Thurein Oo (Yoma Bank)',
      project: 'SigmaHQ',
      licence: 'Detection Rule License 1.1',
      file: 'web/webserver_generic/web_sql_injection_in_access_logs.yml',
    });
    expect(p.text).toBe(
      'Sigma rule "SQL Injection Strings In URI" (id 5513deaf-f49a-46c2-a6c8-3f111b5cb453) by Saw Win Naung, ' +
        'Nasreddine Bencherchali (Nextron Systems), Thurein Oo (Yoma Bank), SigmaHQ, Detection Rule License 1.1',
    );
    expect(sigmaProvenance({ ...p, id: 'x', author: null }).text).toContain('author not stated');
  });

  it('every loaded rule maps its Sigma level one to one and is a security rule (all carry ATT&CK tags)', () => {
    for (const rule of source.rules) {
      expect(rule.level).toBe(rule.sigmaLevel);
      expect(rule.trigger).toBe('security');
    }
  });
});
