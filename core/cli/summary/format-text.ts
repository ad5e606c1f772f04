/**
 * The summary as text for a terminal: alerts, top templates by count and by severity, and a
 * histogram of errors per minute. Times are UTC, as in the logs' ISO form.
 */
import { histogramRows } from './error-histogram';
import type { IncidentSummary, SummaryTemplate } from './types';

const MAX_ROWS = 60;
const BAR_WIDTH = 40;
const TEXT_WIDTH = 100;

/** `2026-12-04 23:41:07` (UTC), or `2026-12-04 23:41` without seconds. */
export function utc(ms: number, seconds = true): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)}`;
}

function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function templateRows(templates: readonly SummaryTemplate[]): string[] {
  if (templates.length === 0) return ['  (none)'];
  return templates.map(
    (t) =>
      `  ${String(t.count).padStart(7)}  ${String(t.errors).padStart(6)}  ${String(t.warnings).padStart(6)}  ` +
      clip(t.template, TEXT_WIDTH),
  );
}

function durationText(ms: number): string {
  const minutes = ms / 60_000;
  return minutes < 60 ? `${minutes} min` : `${minutes / 60} h`;
}

export function formatSummaryText(s: IncidentSummary): string {
  const out: string[] = [];
  const range =
    s.timeRange === null ? 'no logs analyzed' : `${utc(s.timeRange.first)} to ${utc(s.timeRange.last)} UTC`;
  out.push(`Vigil incident summary: ${s.input}`);
  out.push(
    `  ${s.lines.total} lines, ${s.lines.analyzed} analyzed, ${s.lines.failed} failed, ${s.lines.blank} blank; ${range}` +
      (s.logsWithoutTime > 0 ? `; ${s.logsWithoutTime} logs without a time of their own` : '') +
      (s.notSummarized > 0 ? `; ${s.notSummarized} analyzed lines left out of this summary` : ''),
  );

  out.push('', `Alerts that would have been raised: ${s.alertsTotal}`);
  if (s.alerts.length === 0) out.push('  (none)');
  for (const a of s.alerts) {
    out.push(
      `  ${a.level.toUpperCase().padEnd(8)} ${a.trigger.padEnd(12)} ${String(a.count).padStart(6)}x  ` +
        `${utc(a.firstSeen)} to ${utc(a.lastSeen)}  ${clip(a.title, TEXT_WIDTH)}`,
    );
  }
  if (s.alertsTotal > s.alerts.length)
    out.push(`  ... and ${s.alertsTotal - s.alerts.length} more (see --json)`);

  const header = '     logs  errors  warns  template';
  out.push('', 'Top templates by count', header, ...templateRows(s.topTemplates.byCount));
  out.push(
    '',
    'Top templates by severity (errors, then warnings)',
    header,
    ...templateRows(s.topTemplates.bySeverity),
  );

  const { widthMs, rows } = histogramRows(s.errorsPerMinute.buckets, s.errorsPerMinute.bucketMs, MAX_ROWS);
  out.push('', `Errors per ${durationText(widthMs)} (log time, UTC): ${s.errorsPerMinute.total} in all`);
  if (rows.length === 0) out.push('  (none)');
  const peak = Math.max(1, ...rows.map((r) => r.errors));
  for (const row of rows) {
    const bar = '#'.repeat(Math.ceil((row.errors / peak) * BAR_WIDTH));
    out.push(`  ${utc(row.start, false)}  ${String(row.errors).padStart(6)}  ${bar}`);
  }
  return out.map((line) => line.trimEnd()).join('\n') + '\n';
}
