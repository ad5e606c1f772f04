/**
 * A shape compiled for the builder: which role (and rank) each key has, which object values are
 * flattened because a role key lies inside them, and the shape's renames. Compiled once per shape.
 */
import type { LevelScale } from '../level';
import { FLATTEN_ROLE_OBJECTS, GENERIC_ROLES } from './generic';
import { ROLE_INDEX, ROLES, type ProducerShape, type Role } from './types';

export interface RoleSlot {
  role: Role;
  /** The role's position in ROLES: builders keep their slots in an array by this index. */
  index: number;
  rank: number;
}

export interface CompiledShape {
  shape: ProducerShape | null;
  byKey: ReadonlyMap<string, RoleSlot>;
  /** Longest role key: longer keys are no role without a lookup. */
  maxKeyChars: number;
  /** Keys whose object value is flattened instead of taken as the role's value. */
  flatten: ReadonlySet<string>;
  rename: Readonly<Record<string, string>> | null;
  keyValueLists: ReadonlySet<string> | null;
  levelScale: LevelScale;
  thrownObject: string | null;
}

/** Shape keys rank before every generic key of the same role. */
const GENERIC_RANK_OFFSET = 100;

function compile(shape: ProducerShape | null): CompiledShape {
  const byKey = new Map<string, RoleSlot>();
  const excluded = new Set(shape?.notRoles ?? []);
  for (const role of ROLES) {
    GENERIC_ROLES[role].forEach((key, rank) => {
      if (!excluded.has(key))
        byKey.set(key, { role, index: ROLE_INDEX[role], rank: GENERIC_RANK_OFFSET + rank });
    });
  }
  for (const role of ROLES) {
    shape?.roles[role]?.forEach((key, rank) => byKey.set(key, { role, index: ROLE_INDEX[role], rank }));
  }
  const flatten = new Set(FLATTEN_ROLE_OBJECTS);
  let maxKeyChars = 0;
  for (const key of byKey.keys()) {
    maxKeyChars = Math.max(maxKeyChars, key.length);
    for (let dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) flatten.add(key.slice(0, dot));
  }
  return {
    shape,
    byKey,
    maxKeyChars,
    flatten,
    rename: shape?.rename ?? null,
    keyValueLists: shape?.keyValueLists ? new Set(shape.keyValueLists) : null,
    levelScale: shape?.levelScale ?? 'auto',
    thrownObject: shape?.thrownObject ?? null,
  };
}

export const GENERIC_SHAPE: CompiledShape = compile(null);

const compiled = new Map<ProducerShape, CompiledShape>();

export function compiledShape(shape: ProducerShape | null): CompiledShape {
  if (shape === null) return GENERIC_SHAPE;
  let c = compiled.get(shape);
  if (c === undefined) {
    c = compile(shape);
    compiled.set(shape, c);
  }
  return c;
}
