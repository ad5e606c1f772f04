/**
 * The producer-shape table and its detectors: `jsonShapeOf(keys)` / `logfmtShapeOf(keys)` give
 * the compiled shape a structured log is read with (the generic one when no shape matches).
 */
import { ShapeDetector } from './detect';
import { compiledShape, type CompiledShape } from './roles';
import { JSON_SHAPES, KEY_VALUE_SHAPES } from './table';

const jsonDetector = new ShapeDetector(JSON_SHAPES);
const logfmtDetector = new ShapeDetector(KEY_VALUE_SHAPES);

export function jsonShapeOf(keys: readonly string[]): CompiledShape {
  return compiledShape(jsonDetector.detect(keys));
}

export function logfmtShapeOf(keys: readonly string[]): CompiledShape {
  return compiledShape(logfmtDetector.detect(keys));
}

export { ALL_SHAPES, JSON_SHAPES, KEY_VALUE_SHAPES } from './table';
export { GENERIC_ROLES } from './generic';
export type { ProducerShape, Role } from './types';
export type { CompiledShape } from './roles';
