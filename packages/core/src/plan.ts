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

export interface EstimateLimits {
  /** Requests per second this job may use (already multiplied by the share). */
  readonly perSecond: number;
  /** Requests per day this job may use (already multiplied by the share). */
  readonly daily: number;
}

export interface WindowEstimate {
  readonly window: TimeWindow;
  readonly records: number;
  readonly requests: number;
}

export interface MonthEstimate {
  /** `YYYY-MM` (UTC) of the window's start. */
  readonly month: string;
  readonly records: number;
  readonly requests: number;
}

export interface CostEstimate {
  readonly windows: readonly WindowEstimate[];
  readonly months: readonly MonthEstimate[];
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
  readonly limits: EstimateLimits;
  readonly pageSize: number;
}

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

export interface EstimateInput {
  readonly windows: readonly TimeWindow[];
  /** Records per window, same order. */
  readonly counts: readonly number[];
  readonly pageSize: number;
  readonly limits: EstimateLimits;
  readonly now: number;
  readonly usedToday?: number;
  readonly probeRequests?: number;
}

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
  const totalRequests = windows.reduce((sum, w) => sum + w.requests, 0);
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

/** Remaining time (ms) for `requests` more requests at the estimate's limits: the ETA of a running job. */
export function etaMs(requests: number, limits: EstimateLimits, now: number, usedToday = 0): number {
  return expectedFinish(requests, limits, now, usedToday) - now;
}

export { DAY_MS };
