/**
 * Property-based: month windows and split windows cover the requested range exactly — first `from` and
 * last `to` as given, each window's end is the next one's start (a shared edge, never a gap or an overlap
 * beyond it), and every window fits the one month Zoom answers per query.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseZoomDate, upperInstant } from '../src/dates.ts';
import { fitsOneMonth, monthWindows, splitWindow, type TimeWindow } from '../src/windows.ts';

const START = Date.UTC(2019, 0, 1);
const END = Date.UTC(2031, 0, 1);

/** A bound as Zoom accepts it: date-only, ISO `Z`, or ISO with an offset. */
const bound = (ms: number, form: number): string => {
  const iso = new Date(ms).toISOString();
  if (form === 0) return iso.slice(0, 10);
  if (form === 1) return `${iso.slice(0, 19)}Z`;
  const shifted = new Date(ms + 2 * 3_600_000).toISOString();
  return `${shifted.slice(0, 19)}+02:00`;
};

const rangeUpTo = (maxDays: number) =>
  fc
    .tuple(
      fc.integer({ min: START / 1000, max: END / 1000 }),
      fc.integer({ min: 0, max: maxDays * 86_400 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
    )
    .map(([fromSec, lengthSec, fromForm, toForm]) => {
      const from = bound(fromSec * 1000, fromForm);
      // A date-only `to` means its whole day, so keep it on or after `from`'s day.
      const to = bound(fromSec * 1000 + lengthSec * 1000, toForm);
      return { from, to };
    })
    .filter(({ from, to }) => upperInstant(parseZoomDate(to)!) >= parseZoomDate(from)!.ms);
const range = rangeUpTo(4 * 365);

const startOf = (w: TimeWindow) => parseZoomDate(w.from)!.ms;
const endOf = (w: TimeWindow) => upperInstant(parseZoomDate(w.to)!);

function expectExactCover(windows: readonly TimeWindow[], from: string, to: string): void {
  expect(windows.length).toBeGreaterThan(0);
  expect(windows[0]!.from).toBe(from);
  expect(windows.at(-1)!.to).toBe(to);
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    expect(endOf(w)).toBeGreaterThanOrEqual(startOf(w));
    expect(fitsOneMonth(w)).toBe(true);
    if (i > 0) {
      // The previous window ends exactly where this one starts: the shared edge, nothing between.
      expect(endOf(windows[i - 1]!)).toBe(startOf(w));
      expect(windows[i - 1]!.sharedEdges).toContain(startOf(w));
      expect(w.sharedEdges).toContain(startOf(w));
    }
  }
  expect(new Set(windows.map((w) => w.id)).size).toBe(windows.length);
}

describe('windows (property-based)', () => {
  it('monthWindows covers [from, to] exactly, one month at most per window', () => {
    fc.assert(
      fc.property(range, ({ from, to }) => expectExactCover(monthWindows(from, to), from, to)),
      { numRuns: 300 },
    );
  }, 60_000);

  it('splitWindow covers its window exactly, for any number of parts', () => {
    fc.assert(
      fc.property(rangeUpTo(70), fc.integer({ min: 1, max: 64 }), ({ from, to }, parts) => {
        for (const window of monthWindows(from, to)) {
          const pieces = splitWindow(window, parts);
          expectExactCover(pieces, window.from, window.to);
          expect(pieces.length).toBeLessThanOrEqual(parts);
          // Edges the window shared with its neighbours stay shared by the pieces at its ends.
          for (const edge of window.sharedEdges) {
            expect(pieces.some((p) => p.sharedEdges.includes(edge))).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
