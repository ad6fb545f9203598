/**
 * The ETA of a planned backfill, for `getProgress`. Pure.
 *
 * Remaining requests are the planned requests of the windows not done, minus the pages the windows in
 * flight already fetched (from their heartbeats; a window is never counted below zero — a restarted window
 * re-reads pages the plan counted once). The time is the core's `etaMs`: pacing at the effective rate, and
 * pausing until 00:00 UTC whenever the day's quota is spent. While the workflow waits for the quota, the
 * estimate starts at the end of that wait.
 */
import { type EstimateLimits, etaMs } from '@zcc-sms/core';
import type { RateReport, WindowHeartbeat } from './types.ts';

export interface PlanEtaInput {
  /** Planned requests of windows not done (the workflow's `remainingRequests`). */
  readonly remainingRequests: number;
  /** Planned requests of windows in flight, by window id. */
  readonly runningPlan: Readonly<Record<string, { readonly requests: number }>>;
  /** Pages already fetched by windows in flight, by window id. */
  readonly pagesInFlight: Readonly<Record<string, number>>;
  readonly limits: EstimateLimits;
  /** Effective (AIMD) rate, when known; the estimate never paces faster than `limits.perSecond`. */
  readonly effectiveRate?: number | undefined;
  readonly usedToday?: number | undefined;
  readonly waitingUntil?: number | undefined;
  readonly now: number;
}

/** Requests still to make: planned requests of unfinished windows minus pages done in flight. */
export function remainingPlannedRequests(input: Omit<PlanEtaInput, 'limits' | 'now'>): number {
  let remaining = input.remainingRequests;
  for (const [windowId, pages] of Object.entries(input.pagesInFlight)) {
    const planned = input.runningPlan[windowId]?.requests ?? 0;
    remaining -= Math.min(pages, planned);
  }
  return Math.max(0, remaining);
}

/**
 * @example
 * planEtaMs({ remainingRequests: 900, runningPlan: {}, pagesInFlight: {}, limits: { perSecond: 10, daily: 30_000 }, now: Date.now() })
 * // 90_000 (before the day's quota runs out)
 */
export function planEtaMs(input: PlanEtaInput): number {
  const remaining = remainingPlannedRequests(input);
  if (remaining === 0) return 0;
  const rate = input.effectiveRate;
  const limits: EstimateLimits =
    rate !== undefined && rate > 0 && rate < input.limits.perSecond
      ? { perSecond: rate, daily: input.limits.daily }
      : input.limits;
  const wait =
    input.waitingUntil !== undefined && input.waitingUntil > input.now ? input.waitingUntil - input.now : 0;
  if (wait > 0) return wait + etaMs(remaining, limits, input.waitingUntil!, 0);
  return etaMs(remaining, limits, input.now, input.usedToday ?? 0);
}

/**
 * The backfill's effective rate and daily use from the heartbeats of windows in flight: each report is
 * already scaled to the whole backfill, so their mean is the estimate (workers report alike unless one of
 * them was throttled more).
 */
export function liveRateReport(beats: ReadonlyArray<WindowHeartbeat | undefined>): RateReport | undefined {
  const reports = beats.filter(
    (b): b is WindowHeartbeat & RateReport => b?.rate !== undefined && b.usedToday !== undefined,
  );
  if (reports.length === 0) return undefined;
  const mean = (f: (r: RateReport) => number) => reports.reduce((s, r) => s + f(r), 0) / reports.length;
  return {
    rate: Math.round(mean((r) => r.rate) * 1000) / 1000,
    usedToday: Math.max(...reports.map((r) => r.usedToday)),
  };
}
