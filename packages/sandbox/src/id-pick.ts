/**
 * Picks 1 in `every` records by a hash of a key derived from the engagement id, so the same records are
 * picked on every page, restart and `sandbox.records()` call (poison.ts, missing-values.ts).
 */

/** FNV-1a of the key: stable across runs, independent of the dataset seed. */
function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function pickedById(key: string, every: number): boolean {
  return keyHash(key) % every === 0;
}
