/**
 * Sort orders over a dataset. Ranks run ascending by (bound field, engagement id); the API walks them
 * backwards (newest first). The start_time order is the storage order itself; the end_time order is a
 * permutation built once, on first use, with a native Float64Array sort (no comparator on millions).
 */
import type { Dataset } from './dataset-generate.ts';

export type BoundField = 'start_time' | 'end_time';

export interface Ordering {
  readonly field: BoundField;
  readonly size: number;
  timeAt(rank: number): number;
  posAt(rank: number): number;
  /** First rank whose time is ≥ `sec`. */
  lowerRank(sec: number): number;
  /** First rank whose time is > `sec`. */
  upperRank(sec: number): number;
}

function bounds(size: number, timeAt: (rank: number) => number) {
  const search = (sec: number, strict: boolean): number => {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = timeAt(mid);
      if (t < sec || (strict && t === sec)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { lowerRank: (sec: number) => search(sec, false), upperRank: (sec: number) => search(sec, true) };
}

function startOrdering(ds: Dataset): Ordering {
  const timeAt = (rank: number): number => ds.start[rank]!;
  return { field: 'start_time', size: ds.size, timeAt, posAt: (rank) => rank, ...bounds(ds.size, timeAt) };
}

function buildEndPermutation(ds: Dataset): Uint32Array {
  const n = ds.size;
  const perm = new Uint32Array(n);
  if (n === 0) return perm;
  let min = 0xffffffff;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const e = ds.end[i]!;
    if (e < min) min = e;
    if (e > max) max = e;
  }
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const scale = 2 ** bits;
  if ((max - min + 1) * scale < 2 ** 53) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (ds.end[i]! - min) * scale + i;
    keys.sort();
    for (let r = 0; r < n; r++) {
      const k = keys[r]!;
      perm[r] = k - Math.floor(k / scale) * scale;
    }
  } else {
    for (let i = 0; i < n; i++) perm[i] = i;
    perm.sort((a, b) => ds.end[a]! - ds.end[b]! || a - b);
  }
  // Within one end second, order by engagement id key like the start_time order does.
  for (let r = 0; r < n; ) {
    let s = r + 1;
    while (s < n && ds.end[perm[s]!] === ds.end[perm[r]!]) s++;
    if (s - r > 1) perm.subarray(r, s).sort((a, b) => ds.idKey[a]! - ds.idKey[b]! || a - b);
    r = s;
  }
  return perm;
}

function endOrdering(ds: Dataset): Ordering {
  const perm = buildEndPermutation(ds);
  const timeAt = (rank: number): number => ds.end[perm[rank]!]!;
  return {
    field: 'end_time',
    size: ds.size,
    timeAt,
    posAt: (rank) => perm[rank]!,
    ...bounds(ds.size, timeAt),
  };
}

export interface DatasetIndex {
  ordering(field: BoundField): Ordering;
}

export function createDatasetIndex(ds: Dataset): DatasetIndex {
  const byStart = startOrdering(ds);
  let byEnd: Ordering | undefined;
  return {
    ordering: (field) => {
      if (field === 'start_time') return byStart;
      byEnd ??= endOrdering(ds);
      return byEnd;
    },
  };
}
