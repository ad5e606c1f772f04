/** The evaluation's printout: one row per incident instance, the totals, and a JSON summary line. */
import type { Occurrence } from './attribution';
import type { Summary } from './metrics';

function pad(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

function pct(x: number): string {
  return x.toFixed(3);
}

export function formatTable(summary: Summary): string {
  const rows: string[] = [];
  const head = ['incident', 'family', 'format', 'expected', 'raised', 'best alert', 'alerts', 'ok'];
  const widths = [34, 14, 7, 22, 7, 22, 7, 3];
  rows.push(head.map((h, i) => pad(h, widths[i]!)).join(' '));
  rows.push(widths.map((w) => '-'.repeat(w)).join(' '));
  for (const r of summary.instances) {
    rows.push(
      [
        r.id,
        r.family,
        r.format,
        `${r.expect.trigger}/${r.expect.level}`,
        r.raised ? 'yes' : 'no',
        r.best ? `${r.best.trigger}/${r.best.level}` : '-',
        String(r.alerts),
        r.detected ? 'ok' : '--',
      ]
        .map((c, i) => pad(c, widths[i]!))
        .join(' '),
    );
  }
  rows.push('');
  rows.push('family          detected/total  recall');
  for (const [family, r] of Object.entries(summary.byFamily))
    rows.push(`${pad(family, 15)} ${pad(`${r.detected}/${r.total}`, 15)} ${pct(r.recall)}`);
  rows.push('');
  rows.push('kind                           detected/total  recall');
  for (const [kind, r] of Object.entries(summary.byKind))
    rows.push(`${pad(kind, 30)} ${pad(`${r.detected}/${r.total}`, 15)} ${pct(r.recall)}`);
  rows.push('');
  for (const [format, r] of Object.entries(summary.byFormat))
    rows.push(`format ${pad(format, 8)} ${pad(`${r.detected}/${r.total}`, 15)} ${pct(r.recall)}`);
  rows.push('');
  rows.push(
    `recall at expected trigger and level: ${summary.detected}/${summary.total} = ${pct(summary.recall)}` +
      ` (raised anything: ${summary.raised}/${summary.total})`,
  );
  rows.push(`median alerts per raised incident: ${summary.medianAlertsPerIncident}`);
  const c = summary.calmRaisesByLevel;
  rows.push(
    `false high/critical alerts from calm traffic: ${summary.falseHighOrCritical} in ${summary.calmHours.toFixed(2)} h` +
      ` = ${summary.falseHighOrCriticalPerHour.toFixed(2)} per hour` +
      ` (calm raises by level: critical ${c.critical}, high ${c.high}, medium ${c.medium}, low ${c.low})`,
  );
  for (const f of summary.falseHighTitles.slice(0, 10))
    rows.push(`  false high/critical ×${f.count}: ${f.title}`);
  return rows.join('\n');
}

/** One line a script can grep: `EVAL_INCIDENTS {...}`. */
export function summaryJson(summary: Summary, extra: Record<string, unknown>): string {
  return `EVAL_INCIDENTS ${JSON.stringify({
    recall: Number(summary.recall.toFixed(4)),
    detected: summary.detected,
    instances: summary.total,
    raised: summary.raised,
    medianAlertsPerIncident: summary.medianAlertsPerIncident,
    falseHighOrCriticalPerHour: Number(summary.falseHighOrCriticalPerHour.toFixed(3)),
    falseHighOrCritical: summary.falseHighOrCritical,
    calmHours: Number(summary.calmHours.toFixed(3)),
    recallByFamily: Object.fromEntries(
      Object.entries(summary.byFamily).map(([k, v]) => [k, Number(v.recall.toFixed(3))]),
    ),
    ...extra,
  })}`;
}

/** Every distinct alert each missed instance got (trigger/level as last seen, and title): what to fix. */
export function formatMisses(summary: Summary, occurrences: readonly Occurrence[]): string {
  const rows: string[] = ['', 'missed instances and the alerts they got:'];
  summary.instances.forEach((r, index) => {
    if (r.detected) return;
    rows.push(`${r.id} [${r.format}] expected ${r.expect.trigger}/${r.expect.level}`);
    const seen = new Map<string, Occurrence>();
    for (const o of occurrences) if (o.origin === index) seen.set(o.alertId, o);
    if (seen.size === 0) rows.push('    (no alert)');
    for (const o of seen.values()) rows.push(`    ${o.trigger}/${o.level}: ${o.title}`);
  });
  return rows.join('\n');
}
