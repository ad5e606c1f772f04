/**
 * The incident summary of `vigil analyze --summary`: the bounded histogram and template tally, and
 * the collector fed by the real engine (ONNX model, in-process) on the Loghub OpenSSH sample, whose
 * alerts come from the engine's own alert manager on the clock of the logs' own time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeResult } from '../../core/contract';
import { parseAnalyzeArgs, UsageError } from '../../core/cli/analyze-args';
import {
  ErrorHistogram,
  formatSummaryText,
  histogramRows,
  IncidentCollector,
  MINUTE_MS,
  TemplateTally,
  type IncidentSummary,
} from '../../core/cli/summary';
import type { EngineClient } from '../../core/engine/client';
import { createEngine } from '../../core/engine/create';
import { rawLines } from '../fixtures/loghub';

const T0 = Date.UTC(2025, 11, 10, 7, 0, 0);
/** Logs without a year are dated relative to this reference (the Loghub OpenSSH sample: Dec 10). */
const REFERENCE = Date.UTC(2026, 0, 15);

describe('ErrorHistogram', () => {
  it('counts errors per minute of log time', () => {
    const h = new ErrorHistogram();
    for (const t of [T0 + 5_000, T0 + 59_999, T0 + 60_000, T0 + 10 * MINUTE_MS]) h.add(t);
    expect(h.bucketMs).toBe(MINUTE_MS);
    expect(h.total).toBe(4);
    expect(h.buckets()).toEqual([
      { start: T0, errors: 2 },
      { start: T0 + MINUTE_MS, errors: 1 },
      { start: T0 + 10 * MINUTE_MS, errors: 1 },
    ]);
  });

  it('stays within its bucket bound by widening the buckets, losing no count', () => {
    const h = new ErrorHistogram(4);
    for (let minute = 0; minute < 10; minute++) h.add(T0 + minute * MINUTE_MS);
    expect(h.buckets().length).toBeLessThanOrEqual(4);
    expect(h.bucketMs).toBe(4 * MINUTE_MS);
    expect(h.buckets().reduce((sum, b) => sum + b.errors, 0)).toBe(10);
    expect(h.total).toBe(10);
  });

  it('lays out contiguous rows with the empty minutes, at most maxRows', () => {
    const buckets = [
      { start: T0, errors: 3 },
      { start: T0 + 3 * MINUTE_MS, errors: 1 },
    ];
    expect(histogramRows(buckets, MINUTE_MS, 60).rows.map((r) => r.errors)).toEqual([3, 0, 0, 1]);
    const wide = histogramRows(buckets, MINUTE_MS, 2);
    expect(wide.widthMs).toBe(2 * MINUTE_MS);
    expect(wide.rows.map((r) => r.errors)).toEqual([3, 1]);
    expect(histogramRows([], MINUTE_MS, 60).rows).toEqual([]);
  });
});

describe('TemplateTally', () => {
  it('orders by count, and by errors then warnings for severity (info-only templates left out)', () => {
    const t = new TemplateTally();
    for (let i = 0; i < 5; i++) t.add('a', 'Accepted password for <*>', 'info', false, T0 + i);
    t.add('b', 'disk <*> failing', 'warning', false, T0);
    t.add('c', 'Write failed: <*>', 'error', true, T0 + 1);
    t.add('c', 'Write failed: <*>', 'info', false, T0 + 2);
    expect(t.byCount(2).map((x) => [x.templateId, x.count])).toEqual([
      ['a', 5],
      ['c', 2],
    ]);
    const bySeverity = t.bySeverity(10);
    expect(bySeverity.map((x) => x.templateId)).toEqual(['c', 'b']);
    expect(bySeverity[0]).toMatchObject({
      severity: 'error',
      errors: 1,
      count: 2,
      firstSeen: T0 + 1,
      lastSeen: T0 + 2,
    });
  });

  it('keeps at most maxTemplates, dropping the least seen and counting them', () => {
    const t = new TemplateTally(4);
    for (let i = 0; i < 3; i++) t.add('busy', 'busy <*>', 'info', false, T0);
    for (let i = 0; i < 10; i++) t.add(`rare${i}`, `rare ${i}`, 'info', false, T0);
    expect(t.tracked).toBeLessThanOrEqual(4);
    expect(t.dropped + t.tracked).toBe(11);
    expect(t.byCount(1)[0]).toMatchObject({ templateId: 'busy', count: 3 });
  });
});

describe('parseAnalyzeArgs', () => {
  it('reads --summary, --json and --out, and refuses them where they mean nothing', () => {
    expect(parseAnalyzeArgs(['f.log', '--summary', '--json', '--out', 's.json'], '/w')).toMatchObject({
      input: 'f.log',
      summary: 'json',
      out: '/w/s.json',
    });
    expect(parseAnalyzeArgs(['f.log', '--summary'], '/w')).toMatchObject({ summary: 'text', out: null });
    expect(parseAnalyzeArgs(['f.log'], '/w')).toMatchObject({ summary: null });
    expect(() => parseAnalyzeArgs(['f.log', '--json'], '/w')).toThrow(UsageError);
    expect(() => parseAnalyzeArgs(['f.log', '--out', 'x'], '/w')).toThrow(/--out applies to --summary/);
    expect(() => parseAnalyzeArgs(['f.log', '--summary', '--out'], '/w')).toThrow(/expects a path/);
  });
});

describe('IncidentCollector with the real engine', () => {
  let engine: EngineClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-summary-'));
  beforeAll(async () => {
    engine = await createEngine({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const analyze = async (lines: string[]): Promise<AnalyzeResult[]> => {
    const out: AnalyzeResult[] = [];
    for (let i = 0; i < lines.length; i += 500) {
      out.push(...(await engine.call('analyze', { logs: lines.slice(i, i + 500) })).results);
    }
    return out;
  };

  const summarize = async (
    lines: string[],
  ): Promise<{ summary: IncidentSummary; results: AnalyzeResult[] }> => {
    const results = await analyze(lines);
    const collector = new IncidentCollector({ reference: REFERENCE });
    results.forEach((result, i) => collector.observe(i + 1, lines[i]!, result));
    const n = lines.length;
    return { summary: collector.summary('test', { total: n, analyzed: n, failed: 0, blank: 0 }), results };
  };

  it('on the OpenSSH sample: the brute-force alert, the top templates and the errors per minute', async () => {
    const lines = rawLines('OpenSSH');
    const { summary, results } = await summarize(lines);

    // The log's own times: the sample runs from Dec 10 06:55:46 to 11:04:45.
    expect(summary.timeRange).toEqual({
      first: Date.UTC(2025, 11, 10, 6, 55, 46),
      last: Date.UTC(2025, 11, 10, 11, 4, 45),
    });
    expect(summary.logsWithoutTime).toBe(0);
    expect(summary.notSummarized).toBe(0);

    const brute = summary.alerts.find((a) => a.title === 'Possible brute-force attack on sshd');
    expect(brute).toMatchObject({ level: 'critical', trigger: 'security', service: 'sshd' });
    expect(brute!.count).toBeGreaterThan(100);
    expect(brute!.firstSeen).toBeGreaterThanOrEqual(summary.timeRange!.first);
    expect(brute!.lastSeen).toBeLessThanOrEqual(summary.timeRange!.last);
    expect(summary.alerts[0]!.level).toBe('critical');
    expect(summary.alertsTotal).toBe(summary.alerts.length);

    // Counted independently from the engine's results.
    const counts = new Map<string, number>();
    for (const r of results) counts.set(r.templateId, (counts.get(r.templateId) ?? 0) + 1);
    const topCount = Math.max(...counts.values());
    expect(summary.topTemplates.byCount[0]!.count).toBe(topCount);
    expect(summary.topTemplates.byCount).toHaveLength(10);
    const errors = results.filter(
      (r) => r.severity === 'error' || r.level === 'error' || r.level === 'fatal',
    );
    expect(summary.errorsPerMinute.total).toBe(errors.length);
    expect(summary.errorsPerMinute.buckets.reduce((sum, b) => sum + b.errors, 0)).toBe(errors.length);
    for (const b of summary.errorsPerMinute.buckets) expect(b.start % MINUTE_MS).toBe(0);
    for (const t of summary.topTemplates.bySeverity) expect(t.errors + t.warnings).toBeGreaterThan(0);

    const text = formatSummaryText(summary);
    expect(text).toMatch(
      /CRITICAL security +\d+x +2025-12-10 \d\d:\d\d:\d\d to .*Possible brute-force attack on sshd/,
    );
    expect(text).toContain('Top templates by count');
    expect(text).toContain('Top templates by severity');
    expect(text).toMatch(/Errors per \d+ min \(log time, UTC\): \d+ in all/);
  }, 60_000);

  it('runs the alert clock on log time: failed logins a minute apart in the log are no brute force', async () => {
    // Twelve real failed logins from the sample, re-dated one minute apart (then one second apart).
    const failures = rawLines('OpenSSH')
      .filter((l) => l.includes('Failed password for root'))
      .slice(0, 12)
      .map((l) => l.replace(/^Dec 10 \d\d:\d\d:\d\d /, ''));
    expect(failures).toHaveLength(12);
    const dated = (stepSeconds: number) =>
      failures.map((l, i) => {
        const s = 60 * 60 * 8 + i * stepSeconds;
        const hh = String(Math.floor(s / 3600)).padStart(2, '0');
        const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
        return `Dec 10 ${hh}:${mm}:${String(s % 60).padStart(2, '0')} ${l}`;
      });
    const slow = (await summarize(dated(60))).summary;
    // The pack's sshd.brute-force rule counts failures within 60 s of log time: a minute apart they
    // never reach its threshold (its below-threshold level is not critical)...
    const bruteForce = (a: { title: string; level: string }) =>
      a.title.startsWith('Possible brute-force') && a.level === 'critical';
    expect(slow.alerts.some(bruteForce)).toBe(false);
    expect(slow.alerts.length).toBeGreaterThan(0); // each failure still raises something lower
    // ...and a second apart they do.
    const fast = (await summarize(dated(1))).summary;
    expect(fast.alerts.some(bruteForce)).toBe(true);
  }, 60_000);

  it('counts a log without a time of its own at the time of the log before it', async () => {
    const lines = [
      'Dec 10 09:00:00 LabSZ sshd[1]: Write failed: Connection reset by peer [preauth]',
      'ERROR disk full',
    ];
    const { summary } = await summarize(lines);
    expect(summary.logsWithoutTime).toBe(1);
    const at = Date.UTC(2025, 11, 10, 9, 0, 0);
    expect(summary.timeRange).toEqual({ first: at, last: at });
    expect(summary.errorsPerMinute.buckets).toEqual([{ start: at, errors: summary.errorsPerMinute.total }]);
    expect(summary.errorsPerMinute.total).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('counts a line it cannot parse again instead of dropping it silently', async () => {
    const [result] = await analyze(['ERROR disk full']);
    const collector = new IncidentCollector({ reference: REFERENCE });
    collector.observe(1, '', result!);
    const summary = collector.summary('x', { total: 1, analyzed: 1, failed: 0, blank: 0 });
    expect(summary.notSummarized).toBe(1);
    expect(formatSummaryText(summary)).toContain('1 analyzed lines left out of this summary');
  });

  it('says so when there is nothing to summarize', () => {
    const empty = new IncidentCollector().summary('empty.log', {
      total: 0,
      analyzed: 0,
      failed: 0,
      blank: 0,
    });
    expect(empty.timeRange).toBeNull();
    expect(empty.alerts).toEqual([]);
    const text = formatSummaryText(empty);
    expect(text).toContain('no logs analyzed');
    expect(text).toContain('Alerts that would have been raised: 0');
  });
});
