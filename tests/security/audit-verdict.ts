/**
 * Reads the JSON that `npm audit --json` prints and decides what it means for Vigil: pass, fail
 * (a high or critical advisory not explained in docs/security.md), or unavailable (the registry's
 * advisory endpoint did not answer, so nothing is known). Pure, so it is unit-tested on fixed input.
 */

export type AuditVerdict =
  | { kind: 'pass'; counts: SeverityCounts; explained: string[] }
  | { kind: 'fail'; counts: SeverityCounts; unexplained: string[] }
  | { kind: 'unavailable'; reason: string };

export interface SeverityCounts {
  info: number;
  low: number;
  moderate: number;
  high: number;
  critical: number;
}

const BLOCKING = new Set(['high', 'critical']);

interface AuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { severity?: string }>;
  metadata?: { vulnerabilities?: Partial<SeverityCounts> };
  message?: string;
  statusCode?: number;
  error?: { summary?: string };
}

/**
 * `explainedPackages`: names of packages whose advisories docs/security.md explains (see
 * `explainedInDoc`). Any other package with a high or critical advisory fails the audit.
 */
export function auditVerdict(stdout: string, explainedPackages: ReadonlySet<string>): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    const head = stdout.trim().slice(0, 200);
    return { kind: 'unavailable', reason: `npm audit printed no JSON report: ${head || '(nothing)'}` };
  }
  if (report.auditReportVersion === undefined || report.vulnerabilities === undefined) {
    const status = report.statusCode === undefined ? '' : ` (HTTP ${report.statusCode})`;
    const detail = report.message ?? report.error?.summary ?? 'no advisory report';
    return {
      kind: 'unavailable',
      reason: `the registry's advisory endpoint did not answer${status}: ${detail}`,
    };
  }
  const m = report.metadata?.vulnerabilities ?? {};
  const counts: SeverityCounts = {
    info: m.info ?? 0,
    low: m.low ?? 0,
    moderate: m.moderate ?? 0,
    high: m.high ?? 0,
    critical: m.critical ?? 0,
  };
  const blocking = Object.entries(report.vulnerabilities)
    .filter(([, v]) => BLOCKING.has(v.severity ?? ''))
    .map(([name]) => name)
    .sort();
  const unexplained = blocking.filter((name) => !explainedPackages.has(name));
  if (unexplained.length > 0) return { kind: 'fail', counts, unexplained };
  return { kind: 'pass', counts, explained: blocking };
}

/**
 * Package names listed in the "Explained advisories" section of docs/security.md: one bullet per
 * package, its name in backticks first (`- \`name\`: why it does not apply …`).
 */
export function explainedInDoc(markdown: string): Set<string> {
  const names = new Set<string>();
  const start = markdown.indexOf('### Explained advisories');
  if (start < 0) return names;
  const rest = markdown.slice(start + 1);
  const end = rest.search(/\n#{1,3} /);
  const section = end < 0 ? rest : rest.slice(0, end);
  for (const match of section.matchAll(/^- `([^`]+)`/gm)) names.add(match[1]!);
  return names;
}
