/** Where the training pipeline reads and writes, relative to the repository root (CJS: no import.meta). */
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MODELS_DIR = path.join(REPO_ROOT, 'models');
export const DATA_CSV = path.join(MODELS_DIR, 'data', 'loghub-2k.csv');
export const CATEGORY_LABELS_CSV = path.join(MODELS_DIR, 'labels', 'category-labels.csv');
/**
 * Where `train` and `eval:models` write: models/ itself, unless VIGIL_MODELS_OUT names another folder
 * (tests/models/reproduce.ts writes to a temporary one and compares the bytes with the committed files).
 */
export const OUTPUT_DIR = process.env.VIGIL_MODELS_OUT
  ? path.resolve(process.env.VIGIL_MODELS_OUT)
  : MODELS_DIR;
export const MANIFEST_JSON = path.join(OUTPUT_DIR, 'manifest.json');
export const EVAL_MD = path.join(OUTPUT_DIR, 'EVAL.md');
