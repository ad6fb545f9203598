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
import { anchorOf, type OrderedRecord, type RecordOrder } from './record-order.ts';

/** Do not split a cursor with fewer pages left than this: the split's partial page would cost too large a share. */
export const MIN_STEAL_PAGES = 3;

/** What the policy knows of a running cursor. */
export interface WalkState {
  /** Lower bound of its range (epoch ms). */
  readonly lowerMs: number;
  /** Order evidence of its records so far; undefined before its first page. */
  readonly order: RecordOrder | undefined;
  /** Records it is estimated still to fetch: below zero while a thief's first page has not corrected it. */
  readonly estimatedRecords: number;
  /** True once its last page is fetched or it crossed its lower bound. */
  readonly finished: boolean;
  /** Density of its last page (`densityOf`); undefined before its first page. */
  readonly nearAnchor?: Density | undefined;
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

/** Records of a cursor's last page and the time they span (ms): the density just above its anchor. */
export interface Density {
  readonly records: number;
  readonly spanMs: number;
}

/**
 * The density of a page walked newest first: its records' gaps over the time from its first record to its
 * last, read on the field the anchor is read on (record-order.ts), so it measures the time the anchor moved.
 * Undefined under two records or a broken order. Timestamps are whole seconds: a page within one second
 * spans one.
 */
export function densityOf(records: readonly OrderedRecord[], order: RecordOrder): Density | undefined {
  const first = records[0];
  if (records.length < 2 || first === undefined) return undefined;
  const bottom = anchorOf(order);
  const top = anchorOf({
    ...order,
    lastStartMs: first.start_time === undefined ? undefined : Date.parse(first.start_time),
    lastEndMs: first.end_time === undefined ? undefined : Date.parse(first.end_time),
  });
  if (bottom === undefined || top === undefined || Number.isNaN(top)) return undefined;
  return { records: records.length - 1, spanMs: Math.max(top - bottom, 1000) };
}

/** Where to split a remaining range, and the share of its records expected below (the thief's). */
export interface Split {
  readonly boundaryMs: number;
  readonly thiefShare: number;
  /** The thief's part holds under a page at the density near the anchor (see `stealBoundary`). */
  readonly thin: boolean;
}

/**
 * Where to split `[lowerMs, anchorMs]`, which holds about `remaining` records, so that the victim keeps about
 * half of them, in whole pages (when the density holds, its crossing page is then its own records only).
 *
 * - The density just above the anchor (its last page), extrapolated downward: in a busy hour the boundary
 *   lands about that many records below the anchor, not at the middle of the time, where a spike just under
 *   the anchor would hand the thief a nearly empty range. Extrapolated at half that density: a burst ends
 *   sooner than a straight extrapolation assumes (the sandbox's busy days put 40 % of their records in half
 *   an hour, packages/sandbox/src/dataset-generate.ts), and on its ordinary months the straight one cost
 *   3 more requests (bench/REPORT.md, "Reading the rows", the spike).
 * - Never above the middle of the time: when the density puts the victim's half lower than that, the
 *   records lie somewhere lower, and where is unknown — the middle, with a share by time.
 * - `thin` when the thief's part would hold less than a page even at the density near the anchor: the
 *   records are bunched lower, the thief would likely pay a request for a nearly empty range, and the
 *   victim's next page (or a thief's first page) tells more. `chooseSteal` then waits, except while the rate
 *   is mostly idle.
 *
 * In whole seconds; undefined when no second lies strictly between.
 *
 * @example
 * // 2,000 records left, the last page 100 records in 10 minutes: the victim keeps 1,000, about 3.4 h below.
 * stealBoundary(lowerMs, anchorMs, 2000, { records: 99, spanMs: 600_000 }, 100);
 */
export function stealBoundary(
  lowerMs: number,
  anchorMs: number,
  remaining: number,
  near: Density | undefined,
  pageSize: number,
): Split | undefined {
  const midMs = lowerMs + (anchorMs - lowerMs) / 2;
  const perMs = near === undefined ? 0 : near.records / near.spanMs;
  const keep = Math.ceil(Math.ceil(remaining / pageSize) / 2) * pageSize;
  const byDensity = perMs > 0 ? Math.min(anchorMs - keep / (perMs / 2), anchorMs - 1000) : midMs;
  const boundaryMs = Math.floor(Math.max(midMs, byDensity) / 1000) * 1000;
  if (!(boundaryMs > lowerMs && boundaryMs < anchorMs)) return undefined;
  const victimShare =
    byDensity > midMs ? keep / Math.max(remaining, 1) : (anchorMs - boundaryMs) / (anchorMs - lowerMs);
  return {
    boundaryMs,
    thiefShare: Math.min(1, Math.max(0, 1 - victimShare)),
    thin: perMs > 0 && perMs * (boundaryMs - lowerMs) < pageSize,
  };
}

/** What a steal hands over: the victim, the boundary, and the share of its estimate the thief takes. */
export interface Steal extends Split {
  readonly victim: number;
}

/**
 * The steal an idle cursor should make, or undefined. Only when it shortens the job: fewer cursors are busy
 * (this job's and `otherCursors`) than keep the rate limit busy (rate × latency), or the busiest cursor
 * alone would run longer than all the work left at the job's share of the rate limit. The victim is the
 * running cursor with the most records left, at least `MIN_STEAL_PAGES` pages, with a trusted order and a
 * range `stealBoundary` can split. A thin split (the thief's part under a page at the density near the
 * anchor) waits for the next page that tells more, except while fewer than half the cursors the rate needs
 * are running: then the rate is mostly idle, a nearly empty request costs a slot that would go unused, and
 * waiting for each round trip's news made the spike's start at 800 ms two round trips longer
 * (bench/REPORT.md, "Reading the rows").
 *
 * @example
 * const steal = chooseSteal(walks, 100, { perSecond: 10, latencyMs: 300 }); // { victim: 2, boundaryMs, thiefShare: 0.5, thin: false }
 */
export function chooseSteal(walks: readonly WalkState[], pageSize: number, pace: Pace): Steal | undefined {
  const cursorsNeeded = (pace.perSecond * pace.latencyMs) / 1000;
  const busy = walks.filter((w) => !w.finished).length;
  const others = pace.otherCursors ?? 0;
  const rateIdle = busy + others < cursorsNeeded / 2;
  let best: Steal | undefined;
  let bestRecords = MIN_STEAL_PAGES * pageSize - 1;
  let left = 0;
  walks.forEach((walk, i) => {
    if (walk.finished) return;
    left += Math.max(0, walk.estimatedRecords);
    if (walk.order === undefined || walk.estimatedRecords <= bestRecords) return;
    const anchor = anchorOf(walk.order);
    if (anchor === undefined) return;
    const split = stealBoundary(walk.lowerMs, anchor, walk.estimatedRecords, walk.nearAnchor, pageSize);
    if (split === undefined || (split.thin && !rateIdle)) return;
    bestRecords = walk.estimatedRecords;
    best = { victim: i, ...split };
  });
  if (best === undefined) return undefined;
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
