/**
 * Every producer shape, in the order they are tried: the more specific first (bunyan before pino,
 * an envelope before the ECS shape its own keys also match). A new shape is one entry in one of
 * these files plus its fixtures in tests/fixtures/producers/<id>/.
 */
import { GO_SHAPES } from './go';
import { JAVA_SHAPES } from './java';
import { LOGFMT_SHAPES } from './logfmt';
import { NODE_SHAPES } from './node';
import { OTEL_SHAPES } from './otel';
import { PYTHON_SHAPES } from './python';
import { SHIPPER_SHAPES } from './shippers';
import { SYSTEM_SHAPES } from './system';
import type { ProducerShape } from './types';
import { WEB_SHAPES } from './web';

/** Shapes of JSON logs (and objects given to the analyze API). */
export const JSON_SHAPES: readonly ProducerShape[] = [
  ...SHIPPER_SHAPES,
  ...OTEL_SHAPES,
  ...SYSTEM_SHAPES,
  ...WEB_SHAPES,
  ...NODE_SHAPES.filter((s) => s.id !== 'winston'),
  ...JAVA_SHAPES,
  ...PYTHON_SHAPES,
  ...GO_SHAPES,
  ...NODE_SHAPES.filter((s) => s.id === 'winston'),
];

/** Shapes of logfmt lines. */
export const KEY_VALUE_SHAPES: readonly ProducerShape[] = LOGFMT_SHAPES;

export const ALL_SHAPES: readonly ProducerShape[] = [...JSON_SHAPES, ...KEY_VALUE_SHAPES];
