/**
 * What a backfill costs before it starts. Pure: from records per window (one `page_size=1` probe per
 * window gives `total_records`), the requests needed, the time at the per-second limit, the days of daily
 * quota at the chosen share, and the expected finish with daily-quota pauses included.
 *
 * Pure, with no dependencies but `dates.ts`: Temporal workflow code may import it (`@zcc-sms/core/plan`).
 *
 * Records per window are what Zoom's `total_records` says. Under an inclusive `to`, a record exactly on a
 * shared window edge is counted by both neighbours (it is landed once), so `totalRecords` can exceed the
 * landed count by the handful of edge records; the request figures are exact either way.
 *
 * Request count per window is ⌈records / page size⌉, at least 1: Zoom returns a `next_page_token` only
 * "whenever the set of available results exceeds the current page size" (List SMS reference), so a full
 * last page costs no extra empty request.
 */
import { DAY_MS, nextUtcMidnight } from './dates.ts';
import type { TimeWindow } from './windows.ts';

/** The limits an estimate assumes: this job's part of the account's rate and daily quota. */
export interface EstimateLimits {
  /** Requests per second this job may use (already multiplied by the share). */
  readonly perSecond: number;
  /** Requests per day this job may use (already multiplied by the share). */
  readonly daily: number;
}

/** One window's part of an estimate. */
export interface WindowEstimate {
  /** The window (a month or a sub-window of one). */
  readonly window: TimeWindow;
  /** Records Zoom's `total_records` counted in it. */
  readonly records: number;
  /** Requests to page it: ⌈records ÷ page size⌉, at least 1. */
  readonly requests: number;
}

/** Records and requests of the windows that start in one UTC month. */
export interface MonthEstimate {
  /** `YYYY-MM` (UTC) of the window's start. */
  readonly month: string;
  /** Records of the month's windows. */
  readonly records: number;
  /** Requests to page them. */
  readonly requests: number;
}

/**
 * What a job costs before it starts: records and requests per window and month, the time at the per-second
 * limit, the days of daily quota, and when it is expected to finish.
 *
 * @example
 * const estimate = estimateCost({ windows, counts: [1200, 90], pageSize: 100, limits: { perSecond: 5, daily: 15_000 }, now: Date.now() });
 * console.log(estimate.totalRequests); // 12 + 1 = 13
 */
export interface CostEstimate {
  /** Per window, in the order given. */
  readonly windows: readonly WindowEstimate[];
  /** Per UTC month, oldest first. */
  readonly months: readonly MonthEstimate[];
  /** Records of every window (an edge record may count in both neighbours; see the module comment). */
  readonly totalRecords: number;
  /** Requests to page every window (probes excluded). */
  readonly totalRequests: number;
  /** Requests spent on probes to make this plan. */
  readonly probeRequests: number;
  /** Time at the per-second limit, ignoring the daily quota. */
  readonly secondsAtRateLimit: number;
  /** Days of daily quota the requests need. */
  readonly quotaDays: number;
  /** Expected finish (epoch ms): pacing at the limit, pausing until 00:00 UTC whenever the day's quota is spent. */
  readonly expectedFinish: number;
  /** The limits the estimate assumed. */
  readonly limits: EstimateLimits;
  /** Records per request the estimate assumed. */
  readonly pageSize: number;
}

/**
 * Requests to page `records` at `pageSize`: ⌈records ÷ pageSize⌉, and at least 1 (an empty window still
 * costs its one request).
 *
 * @example
 * requestsFor(250, 100); // 3
 * requestsFor(0, 100); // 1
 */
export function requestsFor(records: number, pageSize: number): number {
  return Math.max(1, Math.ceil(records / pageSize));
}

function monthOf(window: TimeWindow): string {
  const m = /^(\d{8})T/.exec(window.id);
  const digits = m?.[1] ?? '00000000';
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}`;
}

/**
 * Simulates the run: requests paced at `perSecond`; when a UTC day's quota is spent, wait for 00:00 UTC.
 * `usedToday` is what this job (its share) already spent today.
 *
 * @example
 * // 20,000 requests on Pro limits (5/s, 15,000 a day), starting at midnight: the second day's 5,000 end at 00:16:40.
 * expectedFinish(20_000, { perSecond: 5, daily: 15_000 }, Date.parse('2026-01-01T00:00:00Z'));
 */
export function expectedFinish(requests: number, limits: EstimateLimits, now: number, usedToday = 0): number {
  let t = now;
  let left = requests;
  let available = Math.max(0, limits.daily - usedToday);
  // A year of requests at 15,000/day is a few dozen iterations; the bound guards against a zero quota.
  for (let guard = 0; left > 0 && guard < 100_000; guard++) {
    const midnight = nextUtcMidnight(t);
    const untilMidnight = Math.floor(((midnight - t) / 1000) * limits.perSecond);
    const n = Math.min(left, available, untilMidnight);
    t += (n / limits.perSecond) * 1000;
    left -= n;
    if (left === 0) break;
    if (n === available || n === untilMidnight) {
      t = midnight;
      available = limits.daily;
    }
  }
  return Math.round(t);
}

/** What `estimateCost` needs: the windows, their record counts, and the limits. */
export interface EstimateInput {
  /** The windows the job pages. */
  readonly windows: readonly TimeWindow[];
  /** Records per window, same order. */
  readonly counts: readonly number[];
  /** Records per request (at most 100). */
  readonly pageSize: number;
  /** This job's rate and daily quota. */
  readonly limits: EstimateLimits;
  /** Epoch ms the job starts. */
  readonly now: number;
  /** Requests this job already spent today. Default 0. */
  readonly usedToday?: number;
  /** Requests already spent on probes, reported beside the estimate. Default 0. */
  readonly probeRequests?: number;
  /** Partial pages expected from splitting windows while paging (lazy splits), included in the total. Default 0. */
  readonly splitRequests?: number;
}

/**
 * The cost of paging `input.windows` holding `input.counts` records, at `input.limits`.
 *
 * @example
 * const [jan, feb] = monthWindows('2026-01-01', '2026-02-28');
 * const estimate = estimateCost({ windows: [jan!, feb!], counts: [950, 0], pageSize: 100, limits: { perSecond: 5, daily: 15_000 }, now: Date.now() });
 * estimate.totalRequests; // 10 + 1 = 11
 */
export function estimateCost(input: EstimateInput): CostEstimate {
  const windows = input.windows.map((window, i) => {
    const records = input.counts[i] ?? 0;
    return { window, records, requests: requestsFor(records, input.pageSize) };
  });
  const months = new Map<string, { records: number; requests: number }>();
  for (const w of windows) {
    const key = monthOf(w.window);
    const row = months.get(key) ?? { records: 0, requests: 0 };
    row.records += w.records;
    row.requests += w.requests;
    months.set(key, row);
  }
  const totalRecords = windows.reduce((sum, w) => sum + w.records, 0);
  const totalRequests = windows.reduce((sum, w) => sum + w.requests, 0) + (input.splitRequests ?? 0);
  return {
    windows,
    months: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, row]) => ({ month, ...row })),
    totalRecords,
    totalRequests,
    probeRequests: input.probeRequests ?? 0,
    secondsAtRateLimit: totalRequests / input.limits.perSecond,
    quotaDays: totalRequests / input.limits.daily,
    expectedFinish: expectedFinish(totalRequests, input.limits, input.now, input.usedToday),
    limits: input.limits,
    pageSize: input.pageSize,
  };
}

/**
 * Remaining time (ms) for `requests` more requests at the estimate's limits: the ETA of a running job.
 *
 * @example
 * etaMs(50, { perSecond: 5, daily: 15_000 }, Date.now()); // about 10,000
 */
export function etaMs(requests: number, limits: EstimateLimits, now: number, usedToday = 0): number {
  return expectedFinish(requests, limits, now, usedToday) - now;
}

export { DAY_MS };
