/**
 * Shapes that cross the workflow/activity boundary: JSON-safe and small (payloads are limited to 2 MB and
 * every one is kept in history). Records never appear here — activities return counts.
 */
import type {
  EstimateLimits,
  Favor,
  MonthEstimate,
  RatePlanName,
  SmsFilters,
  TimeWindow,
  WindowCursor,
} from '@zcc-sms/core';
import type { SinkSpec } from './sinks/sink.ts';

export type {
  BackfillProgress,
  BackfillResult,
  BackfillState,
  CarriedState,
  DailyQuotaDetails,
  RateReport,
  WindowFailure,
  WindowHeartbeat,
  WindowProgress,
} from './progress-types.ts';
export type { EstimateLimits, Favor, MonthEstimate, SinkSpec, SmsFilters, TimeWindow, WindowCursor };

/**
 * A backfill's rate limits: the account's plan, this backfill's share, or explicit limits.
 *
 * @example
 * const rate: RateOptions = { plan: 'business', share: 0.5 }; // 5 requests a second, 15,000 a day
 */
export interface RateOptions {
  /** Zoom rate plan of the account: `pro` (5/s, 15,000/day, default) or `business` (10/s, 30,000/day). */
  readonly plan?: RatePlanName | undefined;
  /** Share of the account's budget this backfill may use, (0, 1]; multiplied by the worker's share. */
  readonly share?: number | undefined;
  /** Explicit per-second limit instead of the plan's (e.g. an account with a raised limit). */
  readonly perSecond?: number | undefined;
  /** Explicit daily request limit instead of the plan's. */
  readonly daily?: number | undefined;
}

/** How a backfill runs: concurrency, page size, rate, planning and timeouts. All optional. */
export interface BackfillOptions {
  /**
   * Windows paged at once (all workers together). Default: the plan's recommended concurrency (at most
   * 16), or 4 without a plan.
   */
  readonly windowConcurrency?: number | undefined;
  /**
   * Probe every month (`page_size=1`) before the first window to count records and requests, split busy
   * months into sub-windows (with `favor: 'time'`), size concurrency and give progress a real ETA.
   * Default true. The probes cost one request per month (and one per split).
   */
  readonly plan?: boolean | undefined;
  /**
   * `quota` (default for backfills): never spend an extra request on sub-windows. A backfill is bound by
   * the daily quota over days, so each extra request delays the finish by more than the splitting saves
   * (at Pro's 15,000/day, 1 request ≈ 5.8 s of a day, while a split saves seconds only when one month
   * dwarfs the rest). `time`: accept up to 5 % extra requests (one probe and one partial last page per
   * split) so several cursors share a busy month — worth it when the run fits in today's quota.
   */
  readonly favor?: Favor | undefined;
  /** Records per request, 1–100. Default 100. */
  readonly pageSize?: number | undefined;
  /** The account's plan and this backfill's share of it. */
  readonly rate?: RateOptions | undefined;
  /** Slept beyond a daily-quota reset before trying again. Default 30 s. */
  readonly quotaMarginMs?: number | undefined;
  /** A window whose worker stops heartbeating this long is retried elsewhere. Default 10 s (30 s in backfills started before the `short-heartbeat` patch). */
  readonly heartbeatTimeoutMs?: number | undefined;
  /** Continue-as-new after this many history events even if the server does not suggest it yet. */
  readonly maxHistoryEvents?: number | undefined;
}

/**
 * What a backfill exports: the range, filters, sink and account (the workflow's input; never a secret).
 *
 * @example
 * const input: BackfillInput = { from: '2025-01-01', to: '2025-12-31', sink: { type: 'ndjson', dir: './sms' } };
 */
export interface BackfillInput {
  /** `yyyy-mm-dd` or ISO 8601, as the core accepts. */
  readonly from: string;
  /** End of the range, same formats as `from`. */
  readonly to: string;
  /** List SMS filters (direction, user, …); part of the backfill id. */
  readonly filters?: SmsFilters | undefined;
  /** Where records land (a spec: never a secret). */
  readonly sink: SinkSpec;
  /** Zoom account id the backfill is for; a worker configured for another account refuses it. */
  readonly account?: string | undefined;
  /** Concurrency, rate, planning and timeouts. */
  readonly options?: BackfillOptions | undefined;
}

/** Input of the planning activity (`planBackfill`). */
export interface PlanTask {
  /** Zoom account id; a worker for another account refuses the task. */
  readonly account?: string | undefined;
  /** Start of the range. */
  readonly from: string;
  /** End of the range. */
  readonly to: string;
  /** List SMS filters. */
  readonly filters: SmsFilters;
  /** What splitting optimizes. */
  readonly favor: Favor;
  /** Records per request. */
  readonly pageSize: number;
  /** The backfill's rate options. */
  readonly rate: RateOptions;
}

/** One window of a plan with its counted records and the requests it will take. */
export interface PlannedWindow {
  /** The window to page. */
  readonly window: TimeWindow;
  /** Records its probe counted. */
  readonly records: number;
  /** Requests paging it takes. */
  readonly requests: number;
}

/**
 * What the planning activity returns and the workflow keeps (and carries across continue-as-new): small
 * and JSON-safe — a few hundred bytes per window, so even ten years split into sub-windows stay far
 * below Temporal's 2 MB payload limit.
 */
export interface BackfillPlan {
  /** What splitting optimized: time or quota. */
  readonly favor: Favor;
  /** Records per request. */
  readonly pageSize: number;
  /** Windows to run, largest first; sub-windows of busy months included. */
  readonly windows: readonly PlannedWindow[];
  /** Records and requests per calendar month (`YYYY-MM`). */
  readonly months: readonly MonthEstimate[];
  /** Records the probes counted. */
  readonly totalRecords: number;
  /** Requests to page every window (probes excluded). */
  readonly totalRequests: number;
  /** Requests the probes cost. */
  readonly probeRequests: number;
  /** Epoch ms (API clock): pacing at the limit, pausing whenever a day's quota is spent. */
  readonly expectedFinish: number;
  /** This backfill's limits across all workers (the account's limits times `rate.share`). */
  readonly limits: EstimateLimits;
  /** Windows to run at once to keep the rate limit busy (at most 16). */
  readonly concurrency: number;
  /** Round trip the probes measured (ms). */
  readonly latencyMs: number;
  /** Epoch ms (API clock) when the plan was made. */
  readonly plannedAt: number;
}

/** Input of the window activity. */
export interface WindowTask {
  /** The backfill (workflow id) the window belongs to. */
  readonly backfillId: string;
  /** Zoom account id; a worker for another account refuses the task. */
  readonly account?: string | undefined;
  /** The window to page. */
  readonly window: TimeWindow;
  /** List SMS filters. */
  readonly filters: SmsFilters;
  /** Where the records land. */
  readonly sink: SinkSpec;
  /** Records per request. */
  readonly pageSize: number;
  /** The backfill's rate options. */
  readonly rate: RateOptions;
  /** Checkpoint carried by the workflow (from a daily-quota stop); heartbeat and sink have their own. */
  readonly cursor?: WindowCursor | undefined;
}

/** What the window activity returns once a window is committed. */
export interface WindowResult {
  /** The window committed. */
  readonly windowId: string;
  /** Records the sink holds for this window after the commit. */
  readonly records: number;
  /** Pages fetched for the window (the final cursor's count, across resumes). */
  readonly pages: number;
  /** Times the window restarted from its first page (expired or too-old page token). */
  readonly restarts: number;
  /** Effective (AIMD) request rate when the window finished, as a backfill-wide figure (see `RateReport`). */
  readonly rate?: number | undefined;
  /** Requests spent today, as a backfill-wide figure (see `RateReport`). */
  readonly usedToday?: number | undefined;
}

/**
 * Failure types the workflow and the retry policy know.
 *
 * @example
 * if (failure.type === FAILURE_TYPES.dailyQuota) console.log('waiting for the daily quota reset');
 */
export const FAILURE_TYPES = {
  dailyQuota: 'DailyQuota',
  input: 'ZoomInputError',
  credentials: 'ZoomCredentialsError',
  permission: 'ZoomPermissionError',
  sinkConfig: 'SinkConfigError',
  accountMismatch: 'AccountMismatch',
  /** The backfill's end when some windows failed for good: details[0] is the `WindowFailure[]`. */
  failedWindows: 'FailedWindows',
} as const;

/**
 * Failure types that stop every window of a backfill at once (no window can get past them).
 *
 * @example
 * const fatal = BACKFILL_WIDE_FAILURES.includes(failure.type ?? ''); // no window can get past it
 */
export const BACKFILL_WIDE_FAILURES: readonly string[] = [
  FAILURE_TYPES.input,
  FAILURE_TYPES.credentials,
  FAILURE_TYPES.permission,
  FAILURE_TYPES.sinkConfig,
  FAILURE_TYPES.accountMismatch,
];

/**
 * The task queue backfills run on unless configured otherwise.
 *
 * @example
 * await startBackfill(client, input, { taskQueue: DEFAULT_TASK_QUEUE });
 */
export const DEFAULT_TASK_QUEUE = 'zcc-sms';

/**
 * Windows in flight a plan may recommend: beyond this, extra cursors only add load on the workers.
 *
 * @example
 * const concurrency = Math.min(recommended, MAX_PLANNED_CONCURRENCY); // 16 at most
 */
export const MAX_PLANNED_CONCURRENCY = 16;
