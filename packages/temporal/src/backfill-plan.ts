/**
 * From the core's `ExportPlan` to the small, JSON-safe `BackfillPlan` the workflow keeps in history. Pure.
 *
 * The core plans with the limits of the budget it was given: on a worker that holds `ZCC_RATE_SHARE` of
 * the account's limits, that is a share of the backfill's. Windows of one backfill spread over every worker
 * on the queue (whose shares add up to 1), so the limits, concurrency and expected finish are scaled back
 * to the whole backfill here.
 */
import {
  type EstimateLimits,
  type ExportPlan,
  expectedFinish,
  type Favor,
  recommendedConcurrency,
} from '@zcc-sms/core';
import { type BackfillPlan, MAX_PLANNED_CONCURRENCY, type RateReport } from './types.ts';

/**
 * Cursors one window may use at most. The window splits lazily by records only while the worker's budget
 * has room for more cursors (rate × round trip, counting every window's cursors: core steal-policy.ts), so a
 * busy month alone runs at the rate limit and a year of windows does not split at all. Eight covers a
 * Business+ account (10 requests/s) up to 800 ms round trips. The plan counts the requests these splits
 * cost (plan-activity.ts).
 */
export const WINDOW_CURSORS = 8;

export interface PlanContext {
  readonly favor: Favor;
  /** This worker's share of the account's limits, (0, 1]. */
  readonly workerShare: number;
  /** API clock (epoch ms). */
  readonly now: number;
  /** Requests the worker's budget spent today. */
  readonly usedToday: number;
}

/**
 * @example
 * const exported = await planExport(client, { from, to }, { favor: 'quota', prefetch: false });
 * const plan = backfillPlanFrom(exported, { favor: 'quota', workerShare: 1, now: client.now(), usedToday: 0 });
 */
export function backfillPlanFrom(exported: ExportPlan, context: PlanContext): BackfillPlan {
  const { estimate } = exported;
  const limits = backfillLimits(estimate.limits, context.workerShare);
  const scaled = context.workerShare !== 1;
  return {
    favor: context.favor,
    pageSize: estimate.pageSize,
    windows: estimate.windows.map((w) => ({ window: w.window, records: w.records, requests: w.requests })),
    months: estimate.months.map((m) => ({ month: m.month, records: m.records, requests: m.requests })),
    totalRecords: estimate.totalRecords,
    totalRequests: estimate.totalRequests,
    probeRequests: estimate.probeRequests,
    expectedFinish: scaled
      ? expectedFinish(estimate.totalRequests, limits, context.now, context.usedToday / context.workerShare)
      : estimate.expectedFinish,
    limits,
    concurrency: Math.min(
      MAX_PLANNED_CONCURRENCY,
      scaled
        ? recommendedConcurrency(limits.perSecond, exported.latencyMs, estimate.windows.length)
        : exported.concurrency,
    ),
    latencyMs: Math.round(exported.latencyMs * 10) / 10,
    plannedAt: context.now,
  };
}

/** A worker's limits scaled to the whole backfill. */
export function backfillLimits(limits: EstimateLimits, workerShare: number): EstimateLimits {
  return { perSecond: limits.perSecond / workerShare, daily: Math.floor(limits.daily / workerShare) };
}

/** A worker budget's rate and daily use, scaled to the whole backfill. */
export function rateReport(stats: { rate: number; usedToday: number }, workerShare: number): RateReport {
  return {
    rate: Math.round((stats.rate / workerShare) * 1000) / 1000,
    usedToday: Math.round(stats.usedToday / workerShare),
  };
}
