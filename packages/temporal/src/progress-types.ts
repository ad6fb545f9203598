/**
 * What a backfill reports while it runs and when it ends: heartbeats, progress, failures, results, and what
 * continue-as-new carries. JSON-safe and small, like every shape in types.ts (which re-exports these).
 */
import type { EstimateLimits, WindowCursor } from '@zcc-sms/core';
import type { BackfillPlan } from './types.ts';

/**
 * What a worker's rate budget says, scaled to the whole backfill: a worker holding `ZCC_RATE_SHARE` of
 * the limits reports its figures divided by that share (workers' shares add up to 1).
 */
export interface RateReport {
  /** Requests per second the budget allows now (lowered after unexpected 429s, then recovering). */
  readonly rate: number;
  /** Requests spent today (UTC), backfill-wide. */
  readonly usedToday: number;
}

/** Heartbeat details of the window activity (read back on retry and by `getProgress`). */
export interface WindowHeartbeat {
  /** The window this attempt pages (also before its first page, so a failing first request is named). */
  readonly windowId?: string | undefined;
  /** Checkpoint after the last page. */
  readonly cursor?: WindowCursor | undefined;
  /** Times the window restarted from its first page. */
  readonly restarts: number;
  /** Effective request rate, backfill-wide. */
  readonly rate?: number | undefined;
  /** Requests spent today, backfill-wide. */
  readonly usedToday?: number | undefined;
}

/** `details[0]` of the `DailyQuota` application failure. */
export interface DailyQuotaDetails {
  /** Epoch ms (API clock) when the quota resets. */
  readonly resetAt: number;
  /** How long to wait from now, computed by the worker from the API's clock. */
  readonly waitMs: number;
  /** Checkpoint to resume the window from after the reset. */
  readonly cursor?: WindowCursor | undefined;
}

/** Where a backfill stands, as `getProgress` reports it. */
export type BackfillState =
  | 'planning'
  | 'running'
  | 'paused'
  | 'waiting-for-quota'
  | 'completed'
  | 'failed'
  | 'cancelled';

/**
 * A window that failed for good (a 400 or 404 for its range, a body we cannot parse, a write the sink
 * refuses, or a transient failure that outlived the retry cap): the others still land, and the backfill
 * fails at the end listing these. Running the same backfill again retries them.
 */
export interface WindowFailure {
  /** The window that failed. */
  readonly windowId: string;
  /** Failure type: the core's error class (`ZoomBadRequestError`, …), `SinkWriteError`, `TimeoutFailure`. */
  readonly type: string;
  /** Zoom's status, message and tracking id, or the sink's error. */
  readonly message: string;
}

/** Records and pages of one finished window. */
export interface WindowProgress {
  readonly records: number;
  readonly pages: number;
}

/** A backfill's progress from its workflow's query: state, windows, records, requests, rate and ETA. */
export interface BackfillProgress {
  /** Where the backfill stands. */
  readonly state: BackfillState;
  /** Windows of the backfill. */
  readonly windowsTotal: number;
  /** Windows committed. */
  readonly windowsDone: number;
  /** Ids of the windows in flight. */
  readonly windowsRunning: readonly string[];
  /** Windows that failed for good, with their causes (the backfill fails once the others are done). */
  readonly windowsFailed?: readonly WindowFailure[] | undefined;
  /** Records the sink holds for committed windows. */
  readonly recordsWritten: number;
  /** Requests of completed windows (one per page). */
  readonly requests: number;
  /** Requests per second over the time spent running (waits excluded). */
  readonly rate: number;
  /** Epoch ms when the daily quota wait ends, while `state` is `waiting-for-quota`. */
  readonly waitingUntil?: number | undefined;
  /**
   * Estimated ms until completion, when it can be estimated. With a plan, `getProgress` computes it with
   * the core's `etaMs` (daily-quota pauses included) from the remaining planned requests minus the pages
   * windows in flight already fetched; the bare query divides the remaining planned requests by the
   * effective rate.
   */
  readonly etaMs?: number | undefined;
  /** Epoch ms when the backfill started. */
  readonly startedAt: number;
  /** How many times the workflow continued as new. */
  readonly runs: number;
  /** Requests the plan expects for all windows (probes excluded); absent without a plan. */
  readonly plannedRequests?: number | undefined;
  /** Records the plan counted; absent without a plan. */
  readonly plannedRecords?: number | undefined;
  /** Requests the plan's probes cost. */
  readonly probeRequests?: number | undefined;
  /** Planned requests of the windows not done yet (`getProgress` also subtracts pages done in flight). */
  readonly remainingRequests?: number | undefined;
  /** Planned records and requests of the windows in flight, by window id. */
  readonly runningPlan?: Readonly<Record<string, { readonly records: number; readonly requests: number }>>;
  /** The backfill's limits across all workers (from the plan). */
  readonly limits?: EstimateLimits | undefined;
  /** Expected finish (epoch ms, API clock) when the plan was made. */
  readonly expectedFinish?: number | undefined;
  /** Effective request rate (req/s) the rate budget allows now: the limit, lowered (AIMD) after 429s. */
  readonly effectiveRate?: number | undefined;
  /** Requests spent today by this backfill's workers, last reported. */
  readonly usedToday?: number | undefined;
}

/** What a finished backfill returns: windows, records, requests, timing and rates. */
export interface BackfillResult {
  /** Windows committed. */
  readonly windows: number;
  /** Records the sink holds for them. */
  readonly records: number;
  /** Requests of the windows (one per page); the plan's probes are in `probeRequests`. */
  readonly requests: number;
  /** Epoch ms when the backfill started. */
  readonly startedAt: number;
  /** Epoch ms when it finished. */
  readonly finishedAt: number;
  /** Requests per second over the time spent running (quota waits and pauses excluded). */
  readonly rate?: number | undefined;
  /** Effective (AIMD) rate the last window finished at. */
  readonly effectiveRate?: number | undefined;
  /** Requests the plan expected; absent without a plan. */
  readonly plannedRequests?: number | undefined;
  /** Records the plan counted; absent without a plan. */
  readonly plannedRecords?: number | undefined;
  /** Requests the plan's probes cost. */
  readonly probeRequests?: number | undefined;
}

/** What continue-as-new carries to the next run. */
export interface CarriedState {
  /** Committed windows, by id. */
  readonly done: Readonly<Record<string, WindowProgress>>;
  /** Checkpoints of unfinished windows, by id. */
  readonly cursors: Readonly<Record<string, WindowCursor>>;
  /** Paused by `pauseBackfill`. */
  readonly paused: boolean;
  /** Epoch ms when the first run started. */
  readonly startedAt: number;
  /** Time spent running so far (waits and pauses excluded). */
  readonly activeMs: number;
  /** Epoch ms until which the daily quota is spent (0: not waiting). */
  readonly quotaUntil: number;
  /** Runs so far (continue-as-new count). */
  readonly runs: number;
  /** The plan made at the start, so a continued run does not probe again. Absent: month windows. */
  readonly plan?: BackfillPlan | undefined;
  /** The last rate report of a window. */
  readonly rateReport?: RateReport | undefined;
  /** Windows that failed for good so far, by id. */
  readonly failed?: Readonly<Record<string, WindowFailure>> | undefined;
}
