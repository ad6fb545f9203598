/**
 * Seeded, allocation-free randomness. Everything the sandbox derives (records, faults, latency) comes from
 * here so that one seed always reproduces the same run; Math.random is never used.
 */

/** Murmur3 finaliser: a fast 32-bit avalanche mix. */
export function mix32(input: number): number {
  let x = input | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hash of a seed, an index and a "stream" number (which field is being derived). */
export function hash3(seed: number, index: number, stream: number): number {
  return mix32(
    mix32(seed ^ Math.imul(stream + 1, 0x9e3779b1)) ^ Math.imul(index, 0x27d4eb2d) ^ (index >>> 7),
  );
}

/** A uniform number in [0, 1) derived from `hash3`. */
export function unit3(seed: number, index: number, stream: number): number {
  return hash3(seed, index, stream) / 4294967296;
}

/** Turns a user-facing seed (number or string) into a 32-bit integer with FNV-1a. */
export function seedToInt(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h);
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/** Mulberry32: small, fast, good enough for test data and fault schedules. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Standard normal sample from two uniforms (Box–Muller). */
export function normalFrom(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
}

const FEISTEL_ROUNDS = 4;

// The key is already a mixed seed, so a cheap per-round tweak is enough (this runs for every id served).
function roundKey(key: number, round: number): number {
  return key ^ Math.imul(round + 1, 0x6c8e9cf5);
}

/**
 * A keyed bijection on 32-bit integers (4-round Feistel network over 16-bit halves). Used to put a record's
 * position inside its engagement id so that ids look random yet decode back to the record in O(1).
 */
export function permute32(value: number, key: number): number {
  let left = (value >>> 16) & 0xffff;
  let right = value & 0xffff;
  for (let r = 0; r < FEISTEL_ROUNDS; r++) {
    const next = (left ^ (mix32(right ^ roundKey(key, r)) & 0xffff)) & 0xffff;
    left = right;
    right = next;
  }
  return ((left << 16) | right) >>> 0;
}

/** Inverse of `permute32`. */
export function unpermute32(value: number, key: number): number {
  let left = (value >>> 16) & 0xffff;
  let right = value & 0xffff;
  for (let r = FEISTEL_ROUNDS - 1; r >= 0; r--) {
    const prev = (right ^ (mix32(left ^ roundKey(key, r)) & 0xffff)) & 0xffff;
    right = left;
    left = prev;
  }
  return ((left << 16) | right) >>> 0;
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Zero-padded lowercase hex of a 32-bit unsigned integer (table lookup: runs several times per record). */
export function hex8(value: number): string {
  return (
    HEX_BYTE[(value >>> 24) & 0xff]! +
    HEX_BYTE[(value >>> 16) & 0xff]! +
    HEX_BYTE[(value >>> 8) & 0xff]! +
    HEX_BYTE[value & 0xff]!
  );
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Zoom-looking opaque id (22 base62 characters, like user and queue ids) derived from a seed. */
export function base62Id(seed: number, index: number, stream: number, length = 22): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += BASE62[hash3(seed, index * 64 + i, stream) % 62];
  }
  return out;
}
