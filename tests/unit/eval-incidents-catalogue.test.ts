import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalmTraffic, loadCalmStreams } from '../eval/incidents/calm';
import { CatalogueError, loadCatalogue, parseCatalogueFile } from '../eval/incidents/catalogue';
import { buildSchedule, DEFAULT_SCHEDULE } from '../eval/incidents/schedule';

const incidents = loadCatalogue();

const GOOD = `
family: demo
incidents:
  - id: demo-one
    kind: deadlock
    description: A demo incident for the loader tests.
    source: https://example.org/docs/errors
    expect: { trigger: system_error, level: high }
    service: demo
    repeat: { count: 3, everyMs: 1000 }
    vars:
      pid: { int: [1, 9] }
      ip: { ip: '203.0.113.7', fixed: true }
    formats:
      text:
        - '{ts.syslog} host demo[{pid}]: deadlock from {ip}'
      json:
        - '{{"time":"{ts.iso}","pid":{pid},"msg":"deadlock from {ip}"}}'
`;

describe('the shipped incident catalogue', () => {
  it('has at least 60 incidents across at least 15 families, each with a text and a structured format', () => {
    expect(incidents.length).toBeGreaterThanOrEqual(60);
    expect(new Set(incidents.map((i) => i.family)).size).toBeGreaterThanOrEqual(15);
    for (const i of incidents) {
      expect(i.formats.text, i.id).toBeDefined();
      expect(i.formats.json ?? i.formats.logfmt, i.id).toBeDefined();
      expect(i.source, i.id).toMatch(/https:\/\//);
    }
  });

  it('renders every line of every instance; JSON lines parse and logfmt lines are key=value pairs', () => {
    const { instances } = buildSchedule(incidents);
    expect(instances.length).toBe(incidents.reduce((n, i) => n + Object.keys(i.formats).length, 0));
    for (const inst of instances) {
      const perRound = inst.incident.formats[inst.format]!.length;
      expect(inst.lines.length, inst.incident.id).toBe(inst.incident.repeat.count * perRound);
      for (const line of inst.lines) {
        expect(line.text).not.toMatch(/\{[a-z][a-z0-9_.]*\}/i); // no placeholder left over
        if (inst.format === 'json')
          expect(() => JSON.parse(line.text) as unknown, `${inst.incident.id}: ${line.text}`).not.toThrow();
        if (inst.format === 'logfmt')
          expect(line.text, inst.incident.id).toMatch(/^(\w[\w.]*=("([^"\\]|\\.)*"|\S+)\s*)+$/);
      }
    }
  });

  it('schedules instances one after another with a quiet gap, deterministically for a seed', () => {
    const a = buildSchedule(incidents);
    const b = buildSchedule(incidents);
    const c = buildSchedule(incidents, { ...DEFAULT_SCHEDULE, seed: 99 });
    expect(b.instances.map((i) => i.lines.map((l) => l.text).join('\n'))).toEqual(
      a.instances.map((i) => i.lines.map((l) => l.text).join('\n')),
    );
    expect(c.instances.map((i) => i.lines[0]!.text)).not.toEqual(a.instances.map((i) => i.lines[0]!.text));
    for (let k = 1; k < a.instances.length; k++) {
      expect(a.instances[k]!.start).toBe(a.instances[k - 1]!.end + DEFAULT_SCHEDULE.gapMs);
    }
    expect(a.endMs).toBe(a.instances.at(-1)!.end + DEFAULT_SCHEDULE.gapMs);
  });
});

describe('calm traffic', () => {
  it('loads its streams and produces valid lines at the configured rate, in time order', () => {
    const streams = loadCalmStreams();
    const calm = new CalmTraffic(streams, { seed: 1, ratePerSecond: 10, loghubShare: 0.5 }, [
      ['loghub line a', 'loghub line b'],
    ]);
    const lines = [...calm.slice(0, 30_000), ...calm.slice(30_000, 60_000)];
    expect(lines.length).toBeGreaterThanOrEqual(600); // events of several lines count once
    for (let k = 1; k < lines.length; k++) expect(lines[k]!.at).toBeGreaterThanOrEqual(lines[k - 1]!.at);
    expect(lines.some((l) => l.text.startsWith('loghub line'))).toBe(true);
    for (const l of lines)
      if (l.text.startsWith('{')) expect(() => JSON.parse(l.text) as unknown, l.text).not.toThrow();
  });
});

describe('catalogue validation', () => {
  it('renders fixed variables once per instance and the others per line', () => {
    const [incident] = parseCatalogueFile('demo.yaml', GOOD);
    const { instances } = buildSchedule([incident!], { ...DEFAULT_SCHEDULE, seed: 5 });
    const text = instances[0]!.lines.map((l) => l.text);
    expect(text).toHaveLength(3);
    expect(new Set(text.map((t) => t.split(' from ')[1]))).toEqual(new Set(['203.0.113.7']));
    expect(text[0]).toMatch(/^Jan {2}5 06:15:00 host demo\[\d\]: deadlock from 203\.0\.113\.7$/);
    expect(JSON.parse(instances[1]!.lines[0]!.text)).toMatchObject({ msg: 'deadlock from 203.0.113.7' });
  });

  it.each([
    ['broken YAML', 'family: [', /demo\.yaml: not valid YAML/],
    [
      'no structured format',
      GOOD.replace(/ {6}json:\n.*\n/, ''),
      /needs a text format and a json or logfmt format/,
    ],
    [
      'an unknown placeholder',
      GOOD.replace('{pid}]', '{pidd}]'),
      /\{pidd\} is not a variable of the incident/,
    ],
    ['a lone brace', GOOD.replace("deadlock from {ip}'", "deadlock } from {ip}'"), /lone "\}"/],
    ['an unknown level', GOOD.replace('level: high', 'level: severe'), /expect\.level/],
    [
      'a variable with two generators',
      GOOD.replace('pid: { int: [1, 9] }', 'pid: { int: [1, 9], hex: 4 }'),
      /exactly one of/,
    ],
    ['an unknown key', GOOD.replace('kind: deadlock', 'kind: deadlock\n    severity: 3'), /severity/],
  ])('refuses a file with %s, naming the file and the reason', (_name, text, reason) => {
    expect(() => parseCatalogueFile('demo.yaml', text)).toThrow(CatalogueError);
    expect(() => parseCatalogueFile('demo.yaml', text)).toThrow(reason);
  });

  it('refuses a duplicate incident id across files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-catalogue-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), GOOD);
      writeFileSync(join(dir, 'b.yaml'), GOOD);
      expect(() => loadCatalogue(dir)).toThrow(/b\.yaml: duplicate incident id demo-one/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
