/**
 * Checks parsed JSON against a documented shape in place: the objects `JSON.parse` built are kept, not
 * copied (a validating copy of every record was a sizeable share of a worker's CPU per record), so unknown
 * fields stay as and where they came. The only change made is the one the shape asks for: a `long` given
 * as a numeric string becomes a number.
 *
 * Pure; used by the List SMS parser (response.ts) with the shapes of sms-record.ts.
 */

/**
 * A documented field: `string`, `id` (a non-empty string, required), `long` (a finite number or a string
 * of digits, normalised to a number), `strings` (a list of strings), or a list of objects of a shape.
 */
type BaseKind = 'string' | 'id' | 'long' | 'strings' | { readonly list: Shape };
/** A base kind, or `{ nullable: kind }`: that kind or `null`. */
export type FieldKind = BaseKind | { readonly nullable: BaseKind };
/** Field name → kind. Every field but an `id` may be absent; only a `nullable` one may be `null`. */
export type Shape = { readonly [field: string]: FieldKind };

/** Where the value first fails its shape and what was expected there, never the value itself. */
export interface ShapeIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly expected: string;
}

const DIGITS = /^-?\d+$/;

/** A failure on its way up: its path is built only then, innermost part first (no path per record). */
interface Failure {
  readonly path: Array<string | number>;
  readonly expected: string;
}

// Each shape's fields as a list, made once: iterating a list beats `for…in` over the shape per record.
const fieldLists = new WeakMap<Shape, ReadonlyArray<readonly [string, FieldKind]>>();
function fieldsOf(shape: Shape): ReadonlyArray<readonly [string, FieldKind]> {
  let fields = fieldLists.get(shape);
  if (fields === undefined) {
    fields = Object.entries(shape);
    fieldLists.set(shape, fields);
  }
  return fields;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `value` against `shape`, normalising its `long` fields in place; the first issue, if any. */
export function checkShape(value: unknown, shape: Shape): ShapeIssue | undefined {
  return checkObject(value, shape);
}

function checkObject(value: unknown, shape: Shape): Failure | undefined {
  if (!isObject(value)) return { path: [], expected: 'an object' };
  for (const [field, kind] of fieldsOf(shape)) {
    const failure =
      value[field] === undefined
        ? kind === 'id'
          ? { path: [], expected: 'a non-empty string' }
          : undefined
        : checkField(value, field, kind);
    if (failure) {
      failure.path.unshift(field);
      return failure;
    }
  }
  return undefined;
}

/** Checks the present field `field` of `owner`; the failure's path is relative to the field. */
function checkField(owner: Record<string, unknown>, field: string, kind: FieldKind): Failure | undefined {
  const value = owner[field];
  if (typeof kind === 'object' && 'nullable' in kind) {
    return value === null ? undefined : checkField(owner, field, kind.nullable);
  }
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : { path: [], expected: 'a string' };
    case 'id':
      return typeof value === 'string' && value !== ''
        ? undefined
        : { path: [], expected: 'a non-empty string' };
    case 'long':
      if (typeof value === 'number' && Number.isFinite(value)) return undefined;
      if (typeof value === 'string' && DIGITS.test(value)) {
        owner[field] = Number(value);
        return undefined;
      }
      return { path: [], expected: 'a finite number or a string of digits' };
    case 'strings':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return undefined;
      return { path: [], expected: 'a list of strings' };
    default: {
      if (!Array.isArray(value)) return { path: [], expected: 'a list' };
      for (let i = 0; i < value.length; i++) {
        const failure = checkObject(value[i], kind.list);
        if (failure) {
          failure.path.unshift(i);
          return failure;
        }
      }
      return undefined;
    }
  }
}
