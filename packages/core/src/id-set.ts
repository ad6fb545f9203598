/**
 * The per-window "already emitted" set, kept compact. A window is paged again from its first page when its
 * page token expires or is rejected, and the records already emitted must be skipped; Zoom documents no
 * order for List SMS (docs/zoom-api.md: newest-first is only what the sandbox plays), so skipping by a
 * time watermark could lose records, and every emitted id has to be remembered. A `Set<string>` costs about
 * 77 bytes an id (77 MB for a million-record window); this keeps a 95-bit fingerprint of each id in an
 * open-addressed `Uint32Array` table instead, about 16–32 bytes an id.
 *
 * Exactly-once holds unless two ids of one window share all 95 bits: for n ids the chance is about
 * n² / 2^96 (1.3 × 10^-17 for a million ids), far below the chance of a disk or memory error on the way.
 */

/** What `windowPages` needs of a seen-set; a `Set<string>` fits too. */
export interface SeenIds {
  has(id: string): boolean;
  add(id: string): unknown;
  readonly size: number;
}

const WORDS = 3;
const MIN_CAPACITY = 1024;

function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Three independently seeded 32-bit hashes of the id's UTF-16 code units; the last is never 0. */
function fingerprint(id: string, out: Uint32Array): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  let c = 0x1b873593 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
    b ^= b >>> 15;
    c = Math.imul(c + ch, 0xcc9e2d51);
    c = (c << 13) | (c >>> 19);
  }
  out[0] = fmix(a ^ id.length);
  out[1] = fmix(b ^ Math.imul(id.length, 0x27d4eb2d));
  out[2] = (fmix(c) | 1) >>> 0;
}

/** A compact set of engagement ids (see the module comment for what "compact" trades). */
export function createIdSet(): SeenIds {
  let capacity = MIN_CAPACITY;
  let table = new Uint32Array(capacity * WORDS);
  let size = 0;
  const probe = new Uint32Array(WORDS);

  /** Slot holding `fp`, or the empty slot where it belongs. */
  function slotOf(t: Uint32Array, cap: number, fp: Uint32Array): number {
    let slot = fp[0]! & (cap - 1);
    for (;;) {
      const at = slot * WORDS;
      if (t[at + 2] === 0) return slot;
      if (t[at] === fp[0] && t[at + 1] === fp[1] && t[at + 2] === fp[2]) return slot;
      slot = (slot + 1) & (cap - 1);
    }
  }

  function grow(): void {
    const nextCap = capacity * 2;
    const next = new Uint32Array(nextCap * WORDS);
    const fp = new Uint32Array(WORDS);
    for (let s = 0; s < capacity; s++) {
      const at = s * WORDS;
      if (table[at + 2] === 0) continue;
      fp.set(table.subarray(at, at + WORDS));
      next.set(fp, slotOf(next, nextCap, fp) * WORDS);
    }
    table = next;
    capacity = nextCap;
  }

  return {
    has(id) {
      fingerprint(id, probe);
      return table[slotOf(table, capacity, probe) * WORDS + 2] !== 0;
    },
    add(id) {
      fingerprint(id, probe);
      const at = slotOf(table, capacity, probe) * WORDS;
      if (table[at + 2] !== 0) return;
      table.set(probe, at);
      size += 1;
      if (size * 4 > capacity * 3) grow();
    },
    get size() {
      return size;
    },
  };
}
