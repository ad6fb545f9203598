import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdSet } from '../src/id-set.ts';
import {
  afterPage,
  type ChainState,
  EXTRA_PAGES,
  MAX_IDLE_PAGES,
  MAX_RESTARTS_PER_WINDOW,
  MAX_TOKEN_RESTARTS,
  newChain,
  restartsAllowed,
} from '../src/page-bounds.ts';

function run(chain: ChainState, pages: Array<[string, number]>, total = 1000, pageSize = 10) {
  let c = chain;
  for (const [next, fresh] of pages) {
    const v = afterPage(c, { nextPageToken: next, freshRecords: fresh, totalRecords: total, pageSize });
    if (!v.ok) return v.reason;
    c = v.chain;
  }
  return c;
}

describe('page bounds', () => {
  it('stops on a token seen before in the chain, not only twice in a row', () => {
    expect(
      run(newChain(), [
        ['A', 10],
        ['B', 10],
        ['A', 10],
      ]),
    ).toMatch(/already used/);
    expect(
      run(newChain(), [
        ['A', 10],
        ['A', 10],
      ]),
    ).toMatch(/already used/);
  });

  it('allows ⌈total ÷ page size⌉ pages plus a margin, then stops', () => {
    const tokens = (n: number) => Array.from({ length: n }, (_, i): [string, number] => [`T${i}`, 10]);
    expect(typeof run(newChain(), tokens(3 + EXTRA_PAGES - 1), 25)).toBe('object');
    expect(run(newChain(), tokens(3 + EXTRA_PAGES), 25)).toMatch(/total_records 25 needs 3 pages of 10/);
    // The last page (no token) is always accepted.
    expect(typeof run(newChain(), [...tokens(2), ['', 5]], 25)).toBe('object');
  });

  it('stops after pages that bring no new id, allowing the replay after a restart', () => {
    const idle = (n: number) => Array.from({ length: n }, (_, i): [string, number] => [`T${i}`, 0]);
    expect(typeof run(newChain(), idle(MAX_IDLE_PAGES))).toBe('object');
    expect(run(newChain(), idle(MAX_IDLE_PAGES + 1))).toMatch(/brought no new engagement id/);
    expect(typeof run(newChain(0, 20), idle(20 + MAX_IDLE_PAGES))).toBe('object');
  });

  it('allows one restart per page a window needs, plus a few, up to a cap', () => {
    expect(restartsAllowed(undefined, 100)).toBe(MAX_TOKEN_RESTARTS);
    expect(restartsAllowed(950, 100)).toBe(MAX_TOKEN_RESTARTS + 10);
    expect(restartsAllowed(1e21, 100)).toBe(MAX_RESTARTS_PER_WINDOW);
  });

  it('ignores a nonsensical total_records (the other bounds still hold)', () => {
    const v = afterPage(newChain(), { nextPageToken: 'A', freshRecords: 1, totalRecords: -3, pageSize: 10 });
    expect(v.ok).toBe(true);
  });
});

describe('compact id set', () => {
  it('agrees with a Set<string> on any ids, unicode and NUL included, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 3000 }), (ids) => {
        const compact = createIdSet();
        const plain = new Set<string>();
        for (const id of ids) {
          expect(compact.has(id)).toBe(plain.has(id));
          compact.add(id);
          plain.add(id);
        }
        expect(compact.size).toBe(plain.size);
      }),
      { numRuns: 50 },
    );
  }, 60_000);

  it('holds a million distinct ids without a false "seen"', () => {
    const set = createIdSet();
    for (let i = 0; i < 1_000_000; i++) set.add(`eng-${i.toString(36)}-${(i * 7919).toString(16)}`);
    expect(set.size).toBe(1_000_000);
    let falseHits = 0;
    for (let i = 0; i < 200_000; i++) if (set.has(`other-${i}`)) falseHits += 1;
    expect(falseHits).toBe(0);
  }, 60_000);
});
