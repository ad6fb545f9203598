/**
 * Splitting by records, lazily: when a cursor is idle it takes the lower part of the busiest cursor's
 * remaining range. Pure: `steal-pages.ts` runs the cursors and asks these functions.
 *
 * A cursor walks its range newest first, so its remaining work is the range between its lower bound and
 * its last record (`anchorOf` of its order evidence, record-order.ts). A thief pages
 * `[victim's lower bound, boundary]`; the victim's lower bound rises to the boundary, and the victim drops
 * every record older than the boundary on both timestamps (whichever one Zoom filters on, such a record is
 * inside the thief's range) and stops once its records are there — the order says nothing newer follows.
 * A steal thus costs the records of the victim's crossing page that the thief fetches again, and the
 * thief's partial last page: about one page, and no probe. Records on the boundary (or spanning it under a
 * `start_time` bound) may come from both; the export drops them by engagement id.
 */
import { anchorOf, type RecordOrder } from './record-order.ts';

/** Do not split a cursor with fewer pages left than this: the split's partial page would cost too large a share. */
export const MIN_STEAL_PAGES = 3;

/** What the policy knows of a running cursor. */
export interface WalkState {
  /** Lower bound of its range (epoch ms). */
  readonly lowerMs: number;
  /** Order evidence of its records so far; undefined before its first page. */
  readonly order: RecordOrder | undefined;
  /** Records it is estimated still to fetch. */
  readonly estimatedRecords: number;
  /** True once its last page is fetched or it crossed its lower bound. */
  readonly finished: boolean;
}

/** The pace the job can go at: the rate budget's requests per second and the round trip of one page. */
export interface Pace {
  readonly perSecond: number;
  readonly latencyMs: number;
  /** Cursors of other jobs running under the same rate budget (other windows of a worker). Default 0. */
  readonly otherCursors?: number | undefined;
}

/** True when the record is older than `lowerMs` on both timestamps: a range below holds it. */
export function belowBoundary(record: { start_time?: string; end_time?: string }, lowerMs: number): boolean {
  const start = record.start_time === undefined ? Number.NaN : Date.parse(record.start_time);
  const end = record.end_time === undefined ? Number.NaN : Date.parse(record.end_time);
  return start < lowerMs && end < lowerMs;
}

/** The boundary for splitting `[lowerMs, anchorMs]`: its middle, in whole seconds; undefined when under 2 s. */
export function stealBoundary(lowerMs: number, anchorMs: number): number | undefined {
  const boundary = Math.floor((lowerMs + (anchorMs - lowerMs) / 2) / 1000) * 1000;
  return boundary > lowerMs && boundary < anchorMs ? boundary : undefined;
}

/** What a steal hands over: the victim, the boundary, and the share of its estimate each side keeps. */
export interface Steal {
  readonly victim: number;
  readonly boundaryMs: number;
  /** Estimated share of the victim's remaining records below the boundary (the thief's). */
  readonly thiefShare: number;
}

/**
 * The steal an idle cursor should make, or undefined. Only when it shortens the job: fewer cursors are busy
 * (this job's and `otherCursors`) than keep the rate limit busy (rate × latency), or the busiest cursor
 * alone would run longer than all the work left at the job's share of the rate limit. The victim is the running cursor with the most records left, at least
 * `MIN_STEAL_PAGES` pages, with a trusted order and a range of two seconds or more.
 *
 * @example
 * const steal = chooseSteal(walks, 100, { perSecond: 10, latencyMs: 300 }); // { victim: 2, boundaryMs, thiefShare: 0.5 }
 */
export function chooseSteal(walks: readonly WalkState[], pageSize: number, pace: Pace): Steal | undefined {
  let best: Steal | undefined;
  let bestRecords = MIN_STEAL_PAGES * pageSize - 1;
  let busy = 0;
  let left = 0;
  walks.forEach((walk, i) => {
    if (walk.finished) return;
    busy += 1;
    left += walk.estimatedRecords;
    if (walk.order === undefined || walk.estimatedRecords <= bestRecords) return;
    const anchor = anchorOf(walk.order);
    if (anchor === undefined) return;
    const boundaryMs = stealBoundary(walk.lowerMs, anchor);
    if (boundaryMs === undefined) return;
    bestRecords = walk.estimatedRecords;
    best = { victim: i, boundaryMs, thiefShare: (boundaryMs - walk.lowerMs) / (anchor - walk.lowerMs) };
  });
  if (best === undefined) return undefined;
  const others = pace.otherCursors ?? 0;
  const cursorsNeeded = (pace.perSecond * pace.latencyMs) / 1000;
  const victimSeconds = (bestRecords / pageSize) * (pace.latencyMs / 1000);
  // With other cursors on the budget this job gets about its cursors' share of the rate.
  const jobSeconds = left / pageSize / (pace.perSecond * (busy / (busy + others)));
  return busy + others < cursorsNeeded || victimSeconds > jobSeconds ? best : undefined;
}

/**
 * Requests a job of `pages` pages in `windows` windows is expected to spend on lazy splits with `cursors`
 * cursors: about two splits per cursor beyond the windows (one to start, one as the tail evens out), never
 * more than the pages allow, each costing about a third of a page (records of the victim's crossing page
 * fetched again, and the thief's partial last page, less what the unsplit window's own last page wasted).
 * Measured on the sandbox (bench/REPORT.md); only the estimate uses it.
 *
 * @example
 * expectedSplitRequests(80, 7, 1); // 4
 */
export function expectedSplitRequests(pages: number, cursors: number, windows: number): number {
  const splits = Math.min(2 * Math.max(0, cursors - windows), Math.floor(pages / MIN_STEAL_PAGES));
  return Math.round(splits * 0.35);
}
