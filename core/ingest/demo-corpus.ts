/**
 * The bundled Loghub lines (demo-data/), each prepared once into a renderer that writes the line
 * in its system's wire format with a fresh timestamp. Only the timestamp is formatted per message;
 * everything else is precomputed, so replay stays cheap at 100,000 logs/s.
 *
 * Level, message, host and tag are read from the raw line with the parser itself (parseText):
 * the demo exercises the same code it feeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LogLevel } from '../contract';
import { parseText } from '../parse';
import {
  BASELINE_SYSTEMS,
  INCIDENT_KINDS,
  INCIDENT_TOPIC,
  systemByName,
  type DemoSystem,
  type DemoTopic,
  type IncidentKind,
} from './demo-systems';
import { TIME_FORMATS, type TimeFormatter } from './demo-time-format';
import { matchLeadingTimestamp } from '../parse/timestamp';
import { packageRoot } from '../paths';

/** Found from the package root, so that it resolves the same from sources and from bundles (out/cli). */
export const DEFAULT_DEMO_DATA_DIR = join(packageRoot, 'core', 'ingest', 'demo-data');

export interface DemoLine {
  system: DemoSystem;
  topic: DemoTopic;
  /** The service the rendered line names (the syslog tag for syslog lines). */
  service: string;
  /** The original Loghub line. */
  raw: string;
  render(now: number): string;
}

export interface DemoCorpus {
  /** Background lines, grouped by system in BASELINE_SYSTEMS order. */
  bySystem: ReadonlyArray<{ system: DemoSystem; lines: readonly DemoLine[] }>;
  baseline: readonly DemoLine[];
  incidents: Readonly<Record<IncidentKind, readonly DemoLine[]>>;
}

/** Any fixed reference works: only the timestamp's position in the raw line is used. */
const PARSE_REFERENCE = Date.UTC(2020, 0, 1);

const SYSLOG_SEVERITY: Readonly<Record<LogLevel, number>> = {
  fatal: 2,
  error: 3,
  warn: 4,
  info: 6,
  debug: 7,
  trace: 7,
};
const ALARMING = /fail|invalid|error|denied|refused|break-in|illegal/i;

function syslogSeverity(level: LogLevel | null, message: string): number {
  if (level !== null) return SYSLOG_SEVERITY[level];
  return ALARMING.test(message) ? 4 : 6;
}

/** auth(4)/authpriv(10) for login programs, cron(9), kern(0), else daemon(3). */
function syslogFacility(tag: string): number {
  if (/^(sshd|su|login|passwd|sudo|ftpd|gdm)/.test(tag)) return 10;
  if (/^(cron|crond|anacron)/.test(tag)) return 9;
  if (tag === 'kernel') return 0;
  return 3;
}

interface ParsedLine {
  level: LogLevel | null;
  message: string;
  host: string | null;
  tag: string | null;
  pid: string | null;
  component: string | null;
}

function readLine(raw: string): ParsedLine {
  const outcome = parseText(raw, { topic: '', partition: 0, offset: '0', timestamp: PARSE_REFERENCE });
  if (!outcome.ok) return { level: null, message: raw, host: null, tag: null, pid: null, component: null };
  const { record } = outcome;
  const pid = record.fields.pid;
  const component = record.fields.component;
  return {
    level: record.level,
    message: record.message,
    host: record.host,
    tag: record.service,
    pid: typeof pid === 'string' || typeof pid === 'number' ? String(pid) : null,
    component: typeof component === 'string' ? component : null,
  };
}

function jsonRenderer(system: DemoSystem, line: ParsedLine): (now: number) => string {
  const level = line.level ?? 'info';
  switch (system.jsonStyle ?? 'classic') {
    case 'compact': {
      const rest = JSON.stringify({
        severity: level.toUpperCase(),
        app: system.service,
        hostname: system.host,
        msg: line.message,
      });
      return (now) => `{"ts":${now},${rest.slice(1)}`;
    }
    case 'ecs': {
      const rest = JSON.stringify({
        log: { level },
        service: { name: system.service },
        host: { name: system.host },
        message: line.message,
      });
      const iso = TIME_FORMATS.iso();
      return (now) => `{"@timestamp":"${iso(now)}",${rest.slice(1)}`;
    }
    case 'classic': {
      const body: Record<string, string> = {
        level: level.toUpperCase(),
        service: system.service,
        host: system.host,
      };
      if (line.component !== null) body.thread = line.component;
      body.message = line.message;
      const rest = JSON.stringify(body);
      const iso = TIME_FORMATS.iso();
      return (now) => `{"timestamp":"${iso(now)}",${rest.slice(1)}`;
    }
  }
}

function renderer(
  system: DemoSystem,
  raw: string,
  line: ParsedLine,
): { render: (now: number) => string; service: string } {
  switch (system.format) {
    case 'json':
      return { render: jsonRenderer(system, line), service: system.service };
    case 'logfmt': {
      const rest = ` level=${line.level ?? 'info'} service=${system.service} host=${system.host} msg=${JSON.stringify(line.message)}`;
      const iso = TIME_FORMATS.iso();
      return { render: (now) => `ts=${iso(now)}${rest}`, service: system.service };
    }
    case 'syslog3164': {
      const tag = line.tag ?? system.service;
      const pri = syslogFacility(tag) * 8 + syslogSeverity(line.level, line.message);
      const rest = ` ${line.host ?? system.host} ${tag}${line.pid === null ? '' : `[${line.pid}]`}: ${line.message}`;
      const bsd = TIME_FORMATS.bsd();
      return { render: (now) => `<${pri}>${bsd(now)}${rest}`, service: tag };
    }
    case 'syslog5424': {
      const tag = line.tag ?? system.service;
      const pri = syslogFacility(tag) * 8 + syslogSeverity(line.level, line.message);
      const rest = ` ${line.host ?? system.host} ${tag} ${line.pid ?? '-'} - [origin software="loghub" system="${system.name}"] ${line.message}`;
      const iso = TIME_FORMATS.iso();
      return { render: (now) => `<${pri}>1 ${iso(now)}${rest}`, service: tag };
    }
    case 'plain': {
      const stamp = matchLeadingTimestamp(raw, 0, PARSE_REFERENCE);
      if (stamp === null || system.plainTime === undefined)
        return { render: () => raw, service: system.service };
      const rest = raw.slice(stamp.end);
      const format: TimeFormatter = TIME_FORMATS[system.plainTime]();
      return { render: (now) => format(now) + rest, service: system.service };
    }
  }
}

export function buildDemoLine(system: DemoSystem, raw: string, topic: DemoTopic = system.topic): DemoLine {
  const { render, service } = renderer(system, raw, readLine(raw));
  return { system, topic, service, raw, render };
}

function readLines(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `demo data missing or unreadable: ${path} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return text.split('\n').filter((line) => line.length > 0);
}

/** Loads and prepares the bundle. Throws a clear error when a file is missing or empty. */
export function loadDemoCorpus(dir: string = DEFAULT_DEMO_DATA_DIR): DemoCorpus {
  const bySystem = BASELINE_SYSTEMS.map((system) => {
    const lines = readLines(join(dir, 'baseline', `${system.name}.log`)).map((raw) =>
      buildDemoLine(system, raw),
    );
    if (lines.length === 0) throw new Error(`demo data: baseline/${system.name}.log is empty`);
    return { system, lines };
  });
  const incidents = {} as Record<IncidentKind, DemoLine[]>;
  for (const kind of INCIDENT_KINDS) {
    const folder = join(dir, 'incidents', kind);
    let files: string[];
    try {
      files = readdirSync(folder)
        .filter((f) => f.endsWith('.log'))
        .sort();
    } catch {
      throw new Error(`demo data missing: ${folder}`);
    }
    incidents[kind] = files.flatMap((file) => {
      const system = systemByName(basename(file, '.log'));
      if (system === undefined) throw new Error(`demo data: ${folder}/${file} names no known system`);
      return readLines(join(folder, file)).map((raw) =>
        buildDemoLine(system, raw, INCIDENT_TOPIC[kind] ?? system.topic),
      );
    });
    if (incidents[kind].length === 0) throw new Error(`demo data: no lines for incident ${kind}`);
  }
  return { bySystem, baseline: bySystem.flatMap((s) => s.lines), incidents };
}
