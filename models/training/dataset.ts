/**
 * The labelled training data: every line of models/data/loghub-2k.csv, masked exactly as Vigil
 * masks in production, with its severity (from the producer's Level field and BGL alert tags) and
 * its category (curated per template in models/labels/category-labels.csv).
 */
import * as fs from 'fs';
import { CATEGORIES, type Category, type Severity } from '../../core/contract';
import { parseCsvRecords } from '../../core/patterns/csv';
import { maskMessage } from '../../core/patterns/mask';
import { prepareModelInput } from '../../core/inference/model-input';
import { CATEGORY_LABELS_CSV, DATA_CSV } from './paths';

/**
 * Systems whose Level column is a real log level. Linux's column holds `combo` (a syslog facility,
 * not a level) on every line, so Linux is left out with the systems that have no Level at all
 * (HPC, HealthApp, Mac, OpenSSH, Proxifier, Thunderbird): their severity would otherwise be our
 * guess, and the severity head learns only from what producers actually wrote.
 */
export const SEVERITY_SYSTEMS = new Set([
  'Android',
  'Apache',
  'BGL',
  'HDFS',
  'Hadoop',
  'OpenStack',
  'Spark',
  'Windows',
  'Zookeeper',
]);

/** Systems with alert tags (`Label` != '-' marks an alert line). Thunderbird's 2k sample has none. */
export const ALERT_SYSTEMS = new Set(['BGL', 'Thunderbird']);

const LEVEL_TO_SEVERITY: Record<string, Severity> = {
  fatal: 'error',
  f: 'error',
  error: 'error',
  e: 'error',
  severe: 'error',
  crit: 'error',
  critical: 'error',
  alert: 'error',
  emerg: 'error',
  warn: 'warning',
  warning: 'warning',
  w: 'warning',
  info: 'info',
  i: 'info',
  notice: 'info',
  debug: 'info',
  d: 'info',
  verbose: 'info',
  v: 'info',
  trace: 'info',
};

/** Maps a producer's level to a severity; throws on a level it does not know, so none is guessed. */
export function severityOfLevel(level: string): Severity {
  const severity = LEVEL_TO_SEVERITY[level.trim().toLowerCase()];
  if (!severity) throw new Error(`unknown log level ${JSON.stringify(level)}`);
  return severity;
}

export interface LabelledLine {
  system: string;
  lineId: number;
  eventId: string;
  /** The message as the model sees it: masked, then bounded (prepareModelInput). */
  text: string;
  /** Null for systems without a real level (see SEVERITY_SYSTEMS). */
  severity: Severity | null;
  category: Category;
  /** BGL/Thunderbird: whether the line carries an alert tag; null elsewhere. */
  alert: boolean | null;
}

function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function loadCategoryLabels(file = CATEGORY_LABELS_CSV): Map<string, Category> {
  const labels = new Map<string, Category>();
  for (const r of parseCsvRecords(fs.readFileSync(file, 'utf8'))) {
    const key = `${r.system}/${r.event_id}`;
    const category = r.category ?? '';
    if (!isCategory(category))
      throw new Error(`${file}: ${key} has unknown category ${JSON.stringify(category)}`);
    if (!r.reason) throw new Error(`${file}: ${key} has no reason`);
    if (labels.has(key)) throw new Error(`${file}: ${key} is labelled twice`);
    labels.set(key, category);
  }
  return labels;
}

export function loadDataset(dataFile = DATA_CSV, labelsFile = CATEGORY_LABELS_CSV): LabelledLine[] {
  const categories = loadCategoryLabels(labelsFile);
  const lines: LabelledLine[] = [];
  for (const r of parseCsvRecords(fs.readFileSync(dataFile, 'utf8'))) {
    const system = r.system ?? '';
    const eventId = r.event_id ?? '';
    const category = categories.get(`${system}/${eventId}`);
    if (!category) throw new Error(`${labelsFile}: no category for ${system}/${eventId}`);
    lines.push({
      system,
      lineId: Number(r.line_id),
      eventId,
      text: prepareModelInput(maskMessage(r.content ?? '')),
      severity: SEVERITY_SYSTEMS.has(system) ? severityOfLevel(r.level ?? '') : null,
      category,
      alert: ALERT_SYSTEMS.has(system) ? (r.alert ?? '-') !== '-' : null,
    });
  }
  // BGL's alert tags mark lines an operator must act on: they are errors whatever the level says.
  for (const line of lines) if (line.alert === true && line.severity !== null) line.severity = 'error';
  return lines;
}
