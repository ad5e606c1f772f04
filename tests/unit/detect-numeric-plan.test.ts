/**
 * Which template positions carry a number with a meaning, decided once per template. The lines are
 * the formats documented by each producer (PostgreSQL log_min_duration_statement, the MySQL slow
 * query log, nginx's combined format and $request_time, JDK unified GC logging, Go's
 * time.Duration), mined by the real miner.
 */
import { describe, expect, it } from 'vitest';
import { buildTables, numericTables } from '../../core/detect/numeric/tables';
import { planTemplate, type PlanPosition } from '../../core/detect/numeric/template-plan';
import { TemplateMiner } from '../../core/patterns/miner';
import fields from '../../core/detect/numeric/numeric-fields.json';
import thresholds from '../../core/detect/numeric/numeric-thresholds.json';
import ceilings from '../../core/detect/numeric/numeric-ceilings.json';

const tables = numericTables();

function plan(line: string): { positions: readonly PlanPosition[]; params: string[]; kind: string | null } {
  const miner = new TemplateMiner({ maxTemplates: 10 });
  const mined = miner.add(line, 0);
  const p = planTemplate(tables, mined.templateId, mined.template, mined.params);
  return { positions: p.positions, params: mined.params, kind: p.kind };
}

/** The positions as `meaning:label=raw value` for compact assertions. */
function described(line: string): string[] {
  const { positions, params } = plan(line);
  return positions.map((p) => `${p.meaning}:${p.label}=${params[p.index]}`);
}

describe('numeric tables', () => {
  it('load every shipped entry (none refused)', () => {
    expect(tables.refused).toEqual([]);
    expect(tables.fields.size).toBe(fields.fields.length);
    expect(tables.thresholds).toHaveLength(thresholds.thresholds.length);
    expect(tables.ceilings.size).toBe(ceilings.ceilings.length);
  });

  it('refuse a broken entry with its file and reason, and keep the others', () => {
    const broken = buildTables({
      fields: {
        fields: [
          { name: 'latency_ms', meaning: 'duration', unit: 'ms', kind: 'request', source: 'x' },
          { name: 'weird', meaning: 'duration', unit: 'fortnights', kind: 'request', source: 'x' },
        ],
      },
      thresholds: { thresholds: [{ id: 'no-level', kinds: ['gc'], above: 1 }] },
      ceilings: {},
    });
    expect([...broken.fields.keys()]).toEqual(['latency_ms']);
    expect(broken.refused.map((r) => `${r.file}#${r.index}`)).toEqual([
      'numeric-fields.json#1',
      'numeric-thresholds.json#0',
      'numeric-ceilings.json#-1',
    ]);
    expect(broken.refused[0]!.reason).toMatch(/unit/);
  });

  it('match names case-insensitively', () => {
    expect(tables.fields.get('query_time')?.meaning).toBe('duration');
    expect(tables.fields.get('responsetime')?.meaning).toBe('duration');
  });
});

describe('planTemplate', () => {
  it('PostgreSQL duration: a query duration with its unit in the value', () => {
    const line =
      '2024-03-05 10:12:01.123 UTC [4242] LOG:  duration: 1234.567 ms  statement: SELECT * FROM orders WHERE id = 42';
    expect(described(line)).toEqual(['duration:duration=1234.567 ms']);
    expect(plan(line).positions[0]!.kind).toBe('query');
    expect(plan(line).positions[0]!.thresholds.map((t) => t.id)).toEqual(['slow-queries']);
  });

  it('MySQL slow log: Query_time in seconds, not Lock_time', () => {
    const line = '# Query_time: 12.345678  Lock_time: 0.000123 Rows_sent: 1  Rows_examined: 1000000';
    const { positions } = plan(line);
    expect(described(line)).toEqual(['duration:Query_time=12.345678']);
    expect(positions[0]!.secondsPerUnit).toBe(1);
  });

  it('nginx combined format: the status after the quoted request (size folded in)', () => {
    const line =
      '93.180.71.3 - - [17/May/2015:08:05:32 +0000] "GET /downloads/product_1 HTTP/1.1" 304 0 "-" "Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.21)"';
    expect(described(line)).toEqual(['http_status:status=304 0']);
  });

  it('nginx with rt=$request_time and urt="$upstream_response_time": seconds', () => {
    const line =
      '10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "POST /api/v1/orders HTTP/1.1" 502 157 "-" "curl/8.5.0" rt=0.001 uct="-" uht="-" urt="-"';
    expect(described(line)).toEqual(['http_status:status=502 157', 'duration:rt=0.001', 'duration:urt=-']);
    const { positions } = plan(line);
    expect(positions.filter((p) => p.meaning === 'duration').map((p) => [p.kind, p.secondsPerUnit])).toEqual([
      ['request', 1],
      ['request', 1],
    ]);
  });

  it('JDK unified GC log: the pause, not the uptime decoration nor the heap sizes', () => {
    const line = '[12.345s][info][gc] GC(5) Pause Young (Normal) (G1 Evacuation Pause) 24M->4M(256M) 3.456ms';
    expect(described(line).map((d) => d.split('=')[1])).toEqual(['3.456ms']);
    expect(plan(line).kind).toBe('gc');
    expect(plan(line).positions[0]!.thresholds.map((t) => t.id)).toEqual(['long-gc-pauses']);
  });

  it('logfmt from Go: status and a time.Duration', () => {
    const line = 'level=info msg=handled method=GET path=/api/items status=200 duration=1.234ms';
    expect(described(line)).toEqual(['http_status:status=200', 'duration:duration=1.234ms']);
  });

  it('free text: a value with a time unit or a resource percentage', () => {
    expect(described('upstream timed out after 3000 ms')).toEqual([`duration:after <*>=3000 ms`]);
    expect(described('CPU usage 97%')).toEqual(['percent:usage <*>=97%']);
    expect(plan('Filesystem /var is 93% full').positions[0]!.resource).toBe('disk');
  });

  it('a percentage of free space is read as its complement', () => {
    const { positions } = plan('Low disk space on /var: 4% free');
    expect(positions.map((p) => [p.resource, p.free])).toEqual([['disk', true]]);
    expect(plan('Filesystem /var is 93% full').positions[0]!.free).toBe(false);
    // A configured watermark is a setting, not a reading.
    expect(described('disk usage exceeded flood-stage watermark [95%]')).toEqual([]);
  });

  it('an HTTP status after the word status, not an exit status', () => {
    expect(described('upstream returned status 503 for GET /api/cart')).toEqual(['http_status:status=503']);
    expect(described('child process exited with status 1')).toEqual([]);
  });

  it('leaves settings, plain counts and unlabelled percentages alone', () => {
    for (const line of [
      'Retrying in 5s',
      'Next check every 30s',
      'connection timeout=30s',
      'Rows_examined: 1000000 rows',
      'progress 45% of job 7',
      'Processed 42 records',
    ]) {
      expect(described(line), line).toEqual([]);
    }
  });
});
