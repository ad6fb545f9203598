/**
 * The backfill state machine's vocabulary: its state, the events the Temporal shell feeds it and the
 * commands it answers with. Plain data only (no Temporal types, no I/O), so the machine runs in a unit
 * test as it runs in the workflow. `backfill-machine.ts` holds the transitions.
 */
import type {
  BackfillPlan,
  BackfillResult,
  BackfillState,
  CarriedState,
  DailyQuotaDetails,
  RateReport,
  TimeWindow,
  WindowCursor,
  WindowFailure,
  WindowProgress,
} from '../types.ts';

/** A window in flight; `pausing` when a pause cancelled it, so its cancellation puts it back in the queue. */
export interface RunningWindow {
  readonly window: TimeWindow;
  readonly pausing: boolean;
}

export interface MachineConfig {
  /** Added to a daily-quota wait so the first request after it lands past the reset. */
  readonly quotaMarginMs: number;
  /** The user's concurrency; undefined lets the plan choose (4 without a plan). */
  readonly windowConcurrency: number | undefined;
}

export interface MachineState {
  readonly config: MachineConfig;
  readonly phase: BackfillState;
  /** Planning is waiting on a daily-quota timer (`timerFired` plans again). */
  readonly planWaiting: boolean;
  readonly plan: BackfillPlan | undefined;
  readonly windows: readonly TimeWindow[];
  readonly concurrency: number;
  readonly done: Readonly<Record<string, WindowProgress>>;
  readonly cursors: Readonly<Record<string, WindowCursor>>;
  readonly failed: Readonly<Record<string, WindowFailure>>;
  /** In launch order (the progress query lists them so). */
  readonly running: readonly RunningWindow[];
  /** Windows still to start, largest first (the plan's order). */
  readonly queue: readonly TimeWindow[];
  readonly rates: RateReport | undefined;
  readonly startedAt: number;
  readonly paused: boolean;
  readonly quotaUntil: number;
  /** Time spent running before `activeSince`, ms (waits and pauses excluded). */
  readonly activeMs: number;
  readonly activeSince: number | undefined;
  /** Runs before this one (continue-as-new). */
  readonly runs: number;
  /** The first backfill-wide failure: the other windows are cancelled, then the backfill fails with it. */
  readonly fatal: { readonly error: unknown } | undefined;
  readonly continueAsNewSuggested: boolean;
}

/** What a window activity reports (`WindowResult`, the fields the workflow keeps). */
export interface WindowOutcome {
  readonly records: number;
  readonly pages: number;
  readonly rate?: number | undefined;
  readonly usedToday?: number | undefined;
}

export type MachineEvent =
  /** The workflow began; `planFirst` when this run must plan (new run, planning on, patch recorded). */
  | { readonly type: 'started'; readonly now: number; readonly planFirst: boolean }
  | { readonly type: 'planned'; readonly plan: BackfillPlan; readonly now: number }
  /** Planning hit the daily quota. */
  | { readonly type: 'planQuotaHit'; readonly details: DailyQuotaDetails; readonly now: number }
  /** A `sleep` ended, or a `waitForEvent` timed out. */
  | { readonly type: 'timerFired'; readonly now: number }
  /** The workflow woke from `waitForEvent` because an event arrived: decide again. */
  | { readonly type: 'woke'; readonly now: number }
  | { readonly type: 'windowSucceeded'; readonly windowId: string; readonly result: WindowOutcome }
  /** A window failed for good, for itself alone. */
  | { readonly type: 'windowFailed'; readonly windowId: string; readonly failure: WindowFailure }
  /** A window failed in a way no window can get past (credentials, sink configuration, …). */
  | { readonly type: 'windowFatal'; readonly windowId: string; readonly error: unknown }
  | {
      readonly type: 'dailyQuotaHit';
      readonly windowId: string;
      readonly details: DailyQuotaDetails;
      readonly now: number;
    }
  /** A window's activity ended cancelled (by a pause, a fatal failure or the workflow's cancellation). */
  | { readonly type: 'windowCancelled'; readonly windowId: string }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  /** The workflow itself is being cancelled. */
  | { readonly type: 'cancelRequested' }
  /** The server suggests continue-as-new (or history passed `maxHistoryEvents`); history only grows. */
  | { readonly type: 'continueAsNewSuggested' };

export interface WindowStart {
  readonly window: TimeWindow;
  /** Checkpoint from a daily-quota stop. */
  readonly cursor: WindowCursor | undefined;
}

export type MachineCommand =
  | { readonly type: 'runPlan' }
  | { readonly type: 'sleep'; readonly ms: number }
  | { readonly type: 'startWindow'; readonly task: WindowStart }
  | { readonly type: 'cancelWindow'; readonly windowId: string }
  /** Wait for the next event; a `timeoutMs` is a durable timer (then `timerFired`). */
  | { readonly type: 'waitForEvent'; readonly timeoutMs?: number | undefined }
  | { readonly type: 'continueAsNew'; readonly carried: CarriedState }
  | { readonly type: 'complete'; readonly result: BackfillResult }
  /** Fail with the backfill-wide failure, as the activity raised it. */
  | { readonly type: 'fail'; readonly error: unknown }
  /** Fail listing the windows that failed for good. */
  | { readonly type: 'failWindows'; readonly failures: readonly WindowFailure[]; readonly total: number };

export interface Step {
  readonly state: MachineState;
  readonly commands: readonly MachineCommand[];
}
