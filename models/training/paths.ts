/** Where the training pipeline reads and writes, relative to the repository root (CJS: no import.meta). */
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MODELS_DIR = path.join(REPO_ROOT, 'models');
export const DATA_CSV = path.join(MODELS_DIR, 'data', 'loghub-2k.csv');
export const CATEGORY_LABELS_CSV = path.join(MODELS_DIR, 'labels', 'category-labels.csv');
export const MANIFEST_JSON = path.join(MODELS_DIR, 'manifest.json');
export const EVAL_MD = path.join(MODELS_DIR, 'EVAL.md');
