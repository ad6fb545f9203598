import { describe, expect, it } from 'vitest';
import { UNKNOWN_ORDER } from '../src/record-order.ts';
import {
  belowBoundary,
  chooseSteal,
  expectedSplitRequests,
  MIN_STEAL_PAGES,
  stealBoundary,
  type WalkState,
} from '../src/steal-policy.ts';

const PACE = { perSecond: 10, latencyMs: 1000 };
const ms = (t: string) => Date.parse(`2026-01-${t}Z`);
const walk = (records: number, lower: string, last: string, extra: Partial<WalkState> = {}): WalkState => ({
  lowerMs: ms(lower),
  order: { ...UNKNOWN_ORDER, lastStartMs: ms(last), lastEndMs: ms(last) },
  estimatedRecords: records,
  finished: false,
  ...extra,
});

describe('steal policy', () => {
  it('a record is below a boundary only when both its timestamps are', () => {
    const at = ms('10T00:00:00');
    expect(belowBoundary({ start_time: '2026-01-09T00:00:00Z', end_time: '2026-01-09T01:00:00Z' }, at)).toBe(
      true,
    );
    expect(belowBoundary({ start_time: '2026-01-09T00:00:00Z', end_time: '2026-01-10T00:00:00Z' }, at)).toBe(
      false,
    );
    expect(belowBoundary({ start_time: '2026-01-09T00:00:00Z' }, at)).toBe(false);
  });

  it('splits the remaining range in the middle, in whole seconds, never an empty side', () => {
    expect(stealBoundary(ms('01T00:00:00'), ms('03T00:00:00'))).toBe(ms('02T00:00:00'));
    expect(stealBoundary(ms('01T00:00:00'), ms('01T00:00:01'))).toBeUndefined();
  });

  it('takes from the cursor with the most records left, if it has enough pages and a trusted order', () => {
    const walks = [
      walk(900, '01T00:00:00', '20T00:00:00'),
      walk(5000, '01T00:00:00', '11T00:00:00'),
      walk(9000, '01T00:00:00', '11T00:00:00', { finished: true }),
      walk(9000, '01T00:00:00', '11T00:00:00', { order: { startSorted: false, endSorted: false } }),
    ];
    expect(chooseSteal(walks, 100, PACE)).toEqual({
      victim: 1,
      boundaryMs: ms('06T00:00:00'),
      thiefShare: 0.5,
    });
    expect(
      chooseSteal([walk(MIN_STEAL_PAGES * 100 - 1, '01T00:00:00', '11T00:00:00')], 100, PACE),
    ).toBeUndefined();
  });

  it("counts other windows' cursors on the same budget: a lone busy window splits, one among many does not", () => {
    const busy = [walk(2000, '01T00:00:00', '11T00:00:00')];
    const pace = { perSecond: 10, latencyMs: 300 };
    // Alone, one cursor leaves the rate idle (3 are needed): split.
    expect(chooseSteal(busy, 100, pace)).toBeDefined();
    // Eleven other windows' cursors keep the rate busy, and at this window's share of the rate (1/12) its
    // 20 pages take 24 s, longer than one cursor needs for them (6 s): no split.
    expect(chooseSteal(busy, 100, { ...pace, otherCursors: 11 })).toBeUndefined();
    // One other: still fewer cursors (2) than the rate needs (3).
    expect(chooseSteal(busy, 100, { ...pace, otherCursors: 1 })).toBeDefined();
  });

  it('does not split when enough cursors keep the rate busy and none would outlast the rest', () => {
    const walks = [1, 2, 3, 4].map(() => walk(1000, '01T00:00:00', '11T00:00:00'));
    // 10/s at 300 ms needs 3 cursors; 4 run; 10 pages × 0.3 s = 3 s < 40 pages ÷ 10/s = 4 s.
    expect(chooseSteal(walks, 100, { perSecond: 10, latencyMs: 300 })).toBeUndefined();
    // At 2 s a page, one cursor's 10 pages (20 s) outlast the job at the rate: split.
    expect(chooseSteal(walks, 100, { perSecond: 10, latencyMs: 2000 })?.victim).toBe(0);
  });

  it('expects about two splits per cursor beyond the windows, bounded by the pages', () => {
    expect(expectedSplitRequests(80, 7, 1)).toBe(4);
    expect(expectedSplitRequests(8, 5, 1)).toBe(1);
    expect(expectedSplitRequests(222, 6, 12)).toBe(0);
  });
});
