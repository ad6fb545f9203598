/**
 * Shapes that cross the workflow/activity boundary: JSON-safe and small (payloads are limited to 2 MB and
 * every one is kept in history). Records never appear here — activities return counts.
 */
import type { SmsFilters, TimeWindow, WindowCursor } from '@zcc-sms/core';
import type { SinkSpec } from './sinks/sink.ts';

export type { SinkSpec, SmsFilters, TimeWindow, WindowCursor };

export interface RateOptions {
  /** Zoom plan of the account: `pro` (5/s, 15,000/day, default) or `business` (10/s, 30,000/day). */
  readonly plan?: 'pro' | 'business' | undefined;
  /** Share of the account's budget this backfill may use, (0, 1]; multiplied by the worker's share. */
  readonly share?: number | undefined;
  /** Explicit per-second limit instead of the plan's (e.g. an account with a raised limit). */
  readonly perSecond?: number | undefined;
  /** Explicit daily request limit instead of the plan's. */
  readonly daily?: number | undefined;
}

export interface BackfillOptions {
  /** Windows paged at once (all workers together). Default 4. */
  readonly windowConcurrency?: number | undefined;
  /** Records per request, 1–100. Default 100. */
  readonly pageSize?: number | undefined;
  readonly rate?: RateOptions | undefined;
  /** Slept beyond a daily-quota reset before trying again. Default 60 s. */
  readonly quotaMarginMs?: number | undefined;
  /** A window whose worker stops heartbeating this long is retried elsewhere. Default 30 s. */
  readonly heartbeatTimeoutMs?: number | undefined;
  /** Continue-as-new after this many history events even if the server does not suggest it yet. */
  readonly maxHistoryEvents?: number | undefined;
}

export interface BackfillInput {
  /** `yyyy-mm-dd` or ISO 8601, as the core accepts. */
  readonly from: string;
  readonly to: string;
  readonly filters?: SmsFilters | undefined;
  readonly sink: SinkSpec;
  /** Zoom account id the backfill is for; a worker configured for another account refuses it. */
  readonly account?: string | undefined;
  readonly options?: BackfillOptions | undefined;
}

/** Input of the window activity. */
export interface WindowTask {
  readonly backfillId: string;
  readonly account?: string | undefined;
  readonly window: TimeWindow;
  readonly filters: SmsFilters;
  readonly sink: SinkSpec;
  readonly pageSize: number;
  readonly rate: RateOptions;
  /** Checkpoint carried by the workflow (from a daily-quota stop); heartbeat and sink have their own. */
  readonly cursor?: WindowCursor | undefined;
}

export interface WindowResult {
  readonly windowId: string;
  /** Records the sink holds for this window after the commit. */
  readonly records: number;
  /** Pages fetched for the window (the final cursor's count, across resumes). */
  readonly pages: number;
  /** Times the window restarted from its first page (expired or too-old page token). */
  readonly restarts: number;
}

/** Heartbeat details of the window activity (read back on retry and by `getProgress`). */
export interface WindowHeartbeat {
  readonly cursor?: WindowCursor | undefined;
  readonly restarts: number;
}

/** `details[0]` of the `DailyQuota` application failure. */
export interface DailyQuotaDetails {
  /** Epoch ms (API clock) when the quota resets. */
  readonly resetAt: number;
  /** How long to wait from now, computed by the worker from the API's clock. */
  readonly waitMs: number;
  readonly cursor?: WindowCursor | undefined;
}

export type BackfillState = 'running' | 'paused' | 'waiting-for-quota' | 'completed' | 'cancelled';

export interface WindowProgress {
  readonly records: number;
  readonly pages: number;
}

export interface BackfillProgress {
  readonly state: BackfillState;
  readonly windowsTotal: number;
  readonly windowsDone: number;
  readonly windowsRunning: readonly string[];
  readonly recordsWritten: number;
  /** Requests of completed windows (one per page). */
  readonly requests: number;
  /** Requests per second over the time spent running (waits excluded). */
  readonly rate: number;
  /** Epoch ms when the daily quota wait ends, while `state` is `waiting-for-quota`. */
  readonly waitingUntil?: number | undefined;
  /** Estimated ms until completion, when it can be estimated. */
  readonly etaMs?: number | undefined;
  readonly startedAt: number;
  /** How many times the workflow continued as new. */
  readonly runs: number;
}

export interface BackfillResult {
  readonly windows: number;
  readonly records: number;
  readonly requests: number;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** What continue-as-new carries to the next run. */
export interface CarriedState {
  readonly done: Readonly<Record<string, WindowProgress>>;
  readonly cursors: Readonly<Record<string, WindowCursor>>;
  readonly paused: boolean;
  readonly startedAt: number;
  readonly activeMs: number;
  readonly quotaUntil: number;
  readonly runs: number;
}

/** Failure types the workflow and the retry policy know. */
export const FAILURE_TYPES = {
  dailyQuota: 'DailyQuota',
  input: 'ZoomInputError',
  credentials: 'ZoomCredentialsError',
  permission: 'ZoomPermissionError',
  sinkConfig: 'SinkConfigError',
  accountMismatch: 'AccountMismatch',
} as const;

export const DEFAULT_TASK_QUEUE = 'zcc-sms';
