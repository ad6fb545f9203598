import { describe, expect, it } from 'vitest';
import { UNKNOWN_ORDER } from '../src/record-order.ts';
import {
  belowBoundary,
  chooseSteal,
  densityOf,
  expectedSplitRequests,
  MIN_STEAL_PAGES,
  stealBoundary,
  type WalkState,
} from '../src/steal-policy.ts';

const PACE = { perSecond: 10, latencyMs: 1000 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
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

  it("reads a page's density on the anchor's field, at least one second wide", () => {
    const page = (times: string[]) =>
      times.map((t) => ({ start_time: `2026-01-${t}Z`, end_time: `2026-01-${t}Z` }));
    const sorted = (last: string) => ({ ...UNKNOWN_ORDER, lastStartMs: ms(last), lastEndMs: ms(last) });
    expect(densityOf(page(['02T12:00:00', '02T06:00:00', '02T00:00:00']), sorted('02T00:00:00'))).toEqual({
      records: 2,
      spanMs: 12 * 3_600_000,
    });
    expect(densityOf(page(['02T00:00:00', '02T00:00:00']), sorted('02T00:00:00'))).toEqual({
      records: 1,
      spanMs: 1000,
    });
    expect(densityOf(page(['02T00:00:00']), sorted('02T00:00:00'))).toBeUndefined();
    expect(
      densityOf(page(['02T00:00:00', '03T00:00:00']), { startSorted: false, endSorted: false }),
    ).toBeUndefined();
  });

  it('without a density, splits the remaining range in the middle, in whole seconds, never an empty side', () => {
    expect(stealBoundary(ms('01T00:00:00'), ms('03T00:00:00'), 1000, undefined, 100)).toEqual({
      boundaryMs: ms('02T00:00:00'),
      thiefShare: 0.5,
      thin: false,
    });
    expect(stealBoundary(ms('01T00:00:00'), ms('01T00:00:01'), 1000, undefined, 100)).toBeUndefined();
  });

  it('records spread evenly: the middle of the time, half each', () => {
    // 1,000 records over 10 days; the last page, 100 records over the day above the anchor.
    const split = stealBoundary(
      ms('01T00:00:00'),
      ms('11T00:00:00'),
      1000,
      { records: 99, spanMs: DAY },
      100,
    );
    expect(split).toEqual({ boundaryMs: ms('06T00:00:00'), thiefShare: 0.5, thin: false });
  });

  it('a spike at the anchor: the victim keeps half the records in whole pages, hours below, not days', () => {
    // The walk is inside a campaign: 100 records in 10 minutes, 2,050 left in a range of 10 days.
    const anchor = ms('11T00:00:00');
    const split = stealBoundary(ms('01T00:00:00'), anchor, 2050, { records: 99, spanMs: 600_000 }, 100);
    // 11 pages of 21 stay with the victim: 1,100 records at half the density, ~3.7 h below the anchor.
    expect(split?.thiefShare).toBeCloseTo(1 - 1100 / 2050);
    expect(split?.thin).toBe(false);
    expect(anchor - (split?.boundaryMs ?? 0)).toBeGreaterThan(3 * HOUR);
    expect(anchor - (split?.boundaryMs ?? 0)).toBeLessThan(4 * HOUR);
  });

  it("a spike below a quiet anchor: the middle of the time; thin while the thief's half holds under a page", () => {
    // 25 records a day near the anchor, 7,800 left: the campaign is somewhere below, where is unknown.
    const quiet = { records: 99, spanMs: 4 * DAY };
    expect(stealBoundary(ms('01T00:00:00'), ms('14T00:00:00'), 7800, quiet, 100)).toEqual({
      boundaryMs: Date.parse('2026-01-07T12:00:00Z'),
      thiefShare: 0.5,
      thin: false,
    });
    // Three quiet days: the thief's half holds ~37 records at that density — a request for almost nothing.
    expect(stealBoundary(ms('11T00:00:00'), ms('14T00:00:00'), 7800, quiet, 100)?.thin).toBe(true);
  });

  it('a thin split waits for the next page, unless the rate is mostly idle', () => {
    const victim = walk(7800, '11T00:00:00', '14T00:00:00', { nearAnchor: { records: 99, spanMs: 4 * DAY } });
    const others = [1, 2, 3].map(() => walk(100, '01T00:00:00', '02T00:00:00'));
    // 10/s at 800 ms needs 8 cursors: with 4 running the split waits; with 1, the idle rate pays for it.
    expect(chooseSteal([victim, ...others], 100, { perSecond: 10, latencyMs: 800 })).toBeUndefined();
    expect(chooseSteal([victim], 100, { perSecond: 10, latencyMs: 800 })?.thin).toBe(true);
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
      thin: false,
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
    // A thief whose first page is not back may have left its victim's estimate below zero for a moment:
    // it does not make the work left look smaller.
    const unsettled = [...walks, walk(-3000, '01T00:00:00', '11T00:00:00')];
    expect(chooseSteal(unsettled, 100, { perSecond: 10, latencyMs: 300 })).toBeUndefined();
  });

  it('expects about two splits per cursor beyond the windows, bounded by the pages', () => {
    expect(expectedSplitRequests(80, 7, 1)).toBe(4);
    expect(expectedSplitRequests(8, 5, 1)).toBe(1);
    expect(expectedSplitRequests(222, 6, 12)).toBe(0);
  });
});
