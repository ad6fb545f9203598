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
export type FieldKind = 'string' | 'id' | 'long' | 'strings' | { readonly list: Shape };
/** Field name → kind. Every field but an `id` may be absent; none may be `null`. */
export type Shape = { readonly [field: string]: FieldKind };

/** Where the value first fails its shape and what was expected there, never the value itself. */
export interface ShapeIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly expected: string;
}

const DIGITS = /^-?\d+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `value` against `shape`, normalising its `long` fields in place; the first issue, if any. */
export function checkShape(value: unknown, shape: Shape): ShapeIssue | undefined {
  return checkObject(value, shape, []);
}

function checkObject(value: unknown, shape: Shape, path: Array<string | number>): ShapeIssue | undefined {
  if (!isObject(value)) return { path, expected: 'an object' };
  for (const field in shape) {
    const kind = shape[field]!;
    const item = value[field];
    if (item === undefined) {
      if (kind === 'id') return { path: [...path, field], expected: 'a non-empty string' };
      continue;
    }
    const issue = checkField(value, field, kind, path);
    if (issue) return issue;
  }
  return undefined;
}

function checkField(
  owner: Record<string, unknown>,
  field: string,
  kind: FieldKind,
  path: Array<string | number>,
): ShapeIssue | undefined {
  const value = owner[field];
  const at = () => [...path, field];
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : { path: at(), expected: 'a string' };
    case 'id':
      return typeof value === 'string' && value !== ''
        ? undefined
        : { path: at(), expected: 'a non-empty string' };
    case 'long':
      if (typeof value === 'number' && Number.isFinite(value)) return undefined;
      if (typeof value === 'string' && DIGITS.test(value)) {
        owner[field] = Number(value);
        return undefined;
      }
      return { path: at(), expected: 'a finite number or a string of digits' };
    case 'strings':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return undefined;
      return { path: at(), expected: 'a list of strings' };
    default: {
      if (!Array.isArray(value)) return { path: at(), expected: 'a list' };
      for (let i = 0; i < value.length; i++) {
        const issue = checkObject(value[i], kind.list, [...path, field, i]);
        if (issue) return issue;
      }
      return undefined;
    }
  }
}
