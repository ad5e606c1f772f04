/**
 * Reads the summary table of a models folder's EVAL.md (written by models/training/evaluate.ts):
 * one row per head, `| head | held-out systems | model macro-F1 | baseline macro-F1 | … |`, and the
 * model it describes (the "**Model**: `id` version" line). Missing or unreadable files give [].
 */
import * as fs from 'fs';
import * as path from 'path';
import type { EvalFigure } from '../../contract';

export interface EvalDoc {
  modelId: string | null;
  version: string | null;
  figures: EvalFigure[];
}

const MODEL_LINE = /\*\*Model\*\*:\s*`([^`]+)`\s+([0-9][\w.-]*)/;
const ROW = /^\|\s*([a-z]+)\s*\|\s*(\d+)\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|/;

export function parseEvalDoc(text: string): EvalDoc {
  const model = MODEL_LINE.exec(text);
  const figures: EvalFigure[] = [];
  const summary = text.split(/^## /m).find((section) => section.startsWith('Summary'));
  for (const line of (summary ?? '').split('\n')) {
    const m = ROW.exec(line);
    if (m) figures.push({ head: m[1]!, systems: Number(m[2]), model: Number(m[3]), baseline: Number(m[4]) });
  }
  return { modelId: model?.[1] ?? null, version: model?.[2] ?? null, figures };
}

export function readEvalDoc(dir: string): EvalDoc {
  try {
    return parseEvalDoc(fs.readFileSync(path.join(dir, 'EVAL.md'), 'utf8'));
  } catch {
    return { modelId: null, version: null, figures: [] };
  }
}
