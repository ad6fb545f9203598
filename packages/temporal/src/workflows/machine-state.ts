/**
 * The backfill machine's state: how a run starts (fresh or continued), the active-time clock, and what the
 * state reads as to the outside (progress query, continue-as-new, result). Pure workflow code.
 */
import { monthWindows } from '@zcc-sms/core/windows';
import { requestRate } from '../progress.ts';
import type {
  BackfillInput,
  BackfillResult,
  BackfillState,
  CarriedState,
  TimeWindow,
  WindowCursor,
  WindowFailure,
  WindowProgress,
} from '../types.ts';
import type { MachineState, RunningWindow } from './machine-types.ts';
import type { ProgressSnapshot } from './progress-view.ts';
import { doneTotals } from './progress-view.ts';

/** Windows in flight without a plan and without the user's choice. */
const DEFAULT_CONCURRENCY = 4;

/** Default of `quotaMarginMs`: the first request after a daily-quota wait lands past the reset. */
const DEFAULT_QUOTA_MARGIN_MS = 30_000;

/**
 * A run's first state. A continued run keeps what its first run chose: the carried plan, or month windows
 * when that run had none (its finished windows are month windows; sub-windows of them would land records
 * twice).
 */
export function initialMachine(
  input: BackfillInput,
  carried: CarriedState | undefined,
  now: number,
): MachineState {
  const options = input.options ?? {};
  const plan = carried?.plan;
  return {
    config: {
      quotaMarginMs: options.quotaMarginMs ?? DEFAULT_QUOTA_MARGIN_MS,
      windowConcurrency: options.windowConcurrency,
    },
    phase: 'running',
    planWaiting: false,
    plan,
    windows: plan ? plan.windows.map((w) => w.window) : monthWindows(input.from, input.to),
    concurrency: options.windowConcurrency ?? DEFAULT_CONCURRENCY,
    done: { ...carried?.done },
    cursors: { ...carried?.cursors },
    failed: { ...carried?.failed },
    running: [],
    queue: [],
    rates: carried?.rateReport,
    startedAt: carried?.startedAt ?? now,
    paused: carried?.paused ?? false,
    quotaUntil: carried?.quotaUntil ?? 0,
    activeMs: carried?.activeMs ?? 0,
    activeSince: undefined,
    runs: carried?.runs ?? 0,
    fatal: undefined,
    continueAsNewSuggested: false,
  };
}

/** A mutable copy for a transition: the caller's state is never changed. */
export type Draft = Omit<
  { -readonly [K in keyof MachineState]: MachineState[K] },
  'done' | 'cursors' | 'failed' | 'running' | 'queue'
> & {
  done: Record<string, WindowProgress>;
  cursors: Record<string, WindowCursor>;
  failed: Record<string, WindowFailure>;
  running: RunningWindow[];
  queue: TimeWindow[];
};

export function draft(s: MachineState): Draft {
  return {
    ...s,
    done: { ...s.done },
    cursors: { ...s.cursors },
    failed: { ...s.failed },
    running: [...s.running],
    queue: [...s.queue],
  };
}

/** Time spent running so far (waits and pauses excluded), ms. */
export function activeNow(s: MachineState, now: number): number {
  return s.activeMs + (s.activeSince !== undefined ? now - s.activeSince : 0);
}

/** Enters a phase, starting or stopping the active-time clock. */
export function enter(s: Draft, next: BackfillState, now: number): void {
  if (next === 'running' && s.activeSince === undefined) s.activeSince = now;
  if (next !== 'running' && s.activeSince !== undefined) {
    s.activeMs += now - s.activeSince;
    s.activeSince = undefined;
  }
  s.phase = next;
}

/** What the `progress` query reads. */
export function progressSnapshot(s: MachineState, now: number): ProgressSnapshot {
  return {
    state: s.phase,
    windowsTotal: s.windows.length,
    done: s.done,
    failed: s.failed,
    running: s.running.map((r) => r.window.id),
    plan: s.plan,
    rates: s.rates,
    quotaUntil: s.quotaUntil,
    activeMs: activeNow(s, now),
    startedAt: s.startedAt,
    runs: s.runs,
    now,
  };
}

/** What continue-as-new carries to the next run. */
export function carriedState(s: MachineState, now: number): CarriedState {
  return {
    done: s.done,
    cursors: s.cursors,
    paused: s.paused,
    startedAt: s.startedAt,
    activeMs: activeNow(s, now),
    quotaUntil: s.quotaUntil,
    runs: s.runs + 1,
    plan: s.plan,
    rateReport: s.rates,
    ...(Object.keys(s.failed).length > 0 ? { failed: s.failed } : {}),
  };
}

export function backfillResult(s: MachineState, now: number): BackfillResult {
  const { records, requests } = doneTotals(s.done);
  return {
    windows: s.windows.length,
    records,
    requests,
    startedAt: s.startedAt,
    finishedAt: now,
    rate: Math.round(requestRate(requests, activeNow(s, now)) * 1000) / 1000,
    effectiveRate: s.rates?.rate,
    plannedRequests: s.plan?.totalRequests,
    plannedRecords: s.plan?.totalRecords,
    probeRequests: s.plan?.probeRequests,
  };
}
