/** The heads every Vigil model has, with the contract's label order (the order of output columns). */
import { CATEGORIES, SEVERITIES } from '../../core/contract';

export const HEAD_NAMES = ['severity', 'category'] as const;
export type HeadName = (typeof HEAD_NAMES)[number];

export const HEAD_LABELS: Record<HeadName, readonly string[]> = {
  severity: SEVERITIES,
  category: CATEGORIES,
};
