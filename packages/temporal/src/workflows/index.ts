/**
 * Workflow code: deterministic, no I/O (biome forbids Node APIs here). Records never pass through the
 * workflow — activities land them in the sink and return counts, so history stays small.
 *
 * `smsBackfill` first plans (the `planBackfill` activity probes every month: records, requests, sub-windows
 * of busy months, concurrency), then runs one window activity per planned window, largest first, with
 * bounded concurrency. Without a plan (`plan: false`, or histories recorded before planning existed) it
 * runs the month windows (`@zcc-sms/core/windows`, pure). A daily-quota stop becomes a durable timer until
 * the reset; pause cancels windows in flight (they resume from their sink checkpoints); continue-as-new
 * carries the plan and the finished windows when the server suggests it.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { formatInstant, monthWindows } from '@zcc-sms/core/windows';
import { requestRate } from '../progress.ts';
import type {
  BackfillInput,
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
import { FAILURE_TYPES, MAX_PLANNED_CONCURRENCY } from '../types.ts';
import { backfillActivities } from './activity-proxies.ts';
import { pauseSignal, progressQuery, resumeSignal } from './definitions.ts';
import type { IncrementalSyncInput } from './incremental.ts';
import { doneTotals, progressView } from './progress-view.ts';
import { failedWindowsFailure, windowFailure } from './window-failures.ts';

export { pauseSignal, progressQuery, resumeSignal } from './definitions.ts';
export type { IncrementalSyncInput } from './incremental.ts';

/**
 * Patch id of planning at the start. Histories recorded before it (month windows, no planning activity)
 * replay without it; new executions record the marker and plan. Remove with `deprecatePatch` once no
 * execution started before it can be running or replayed.
 */
export const PLAN_AT_START_PATCH = 'plan-at-start';

/**
 * Patch id of per-window failures: a window that fails for good is recorded and the others go on (the
 * backfill fails at the end, listing each window and its cause). Histories recorded before it stopped
 * every window on the first failure and replay that way.
 */
export const FAILED_WINDOWS_PATCH = 'failed-windows';

interface Running {
  readonly scope: CancellationScope;
  pausing: boolean;
}

/** The durable backfill. Start it with `startBackfill` (derives the workflow id). */
export async function smsBackfill(input: BackfillInput, carried?: CarriedState): Promise<BackfillResult> {
  const options = input.options ?? {};
  const marginMs = options.quotaMarginMs ?? 30_000;
  const pageSize = options.pageSize ?? 100;
  const { backfillWindow, planBackfill } = backfillActivities(options.heartbeatTimeoutMs ?? 30_000);
  // A continued run keeps what its first run chose: the carried plan, or month windows when that run had
  // none (its finished windows are month windows; sub-windows of them would land records twice).
  let plan: BackfillPlan | undefined = carried?.plan;
  const mustPlan = carried === undefined && (options.plan ?? true) && patched(PLAN_AT_START_PATCH);
  let windows: readonly TimeWindow[] = plan
    ? plan.windows.map((w) => w.window)
    : monthWindows(input.from, input.to);
  let concurrency = options.windowConcurrency ?? 4;
  const done: Record<string, WindowProgress> = { ...carried?.done };
  const cursors: Record<string, WindowCursor> = { ...carried?.cursors };
  const failed: Record<string, WindowFailure> = { ...carried?.failed };
  const running = new Map<string, Running>();
  let queue: TimeWindow[] = [];
  let rates: RateReport | undefined = carried?.rateReport;
  const startedAt = carried?.startedAt ?? Date.now();
  let paused = carried?.paused ?? false;
  let quotaUntil = carried?.quotaUntil ?? 0;
  let activeMs = carried?.activeMs ?? 0;
  let activeSince: number | undefined;
  let state: BackfillState = 'running';
  let tick = 0;
  let fatal: unknown;

  const activeNow = () => activeMs + (activeSince !== undefined ? Date.now() - activeSince : 0);
  const setState = (next: BackfillState) => {
    if (next === 'running' && activeSince === undefined) activeSince = Date.now();
    if (next !== 'running' && activeSince !== undefined) {
      activeMs += Date.now() - activeSince;
      activeSince = undefined;
    }
    state = next;
  };

  setHandler(progressQuery, () =>
    progressView({
      state,
      windowsTotal: windows.length,
      done,
      failed,
      running: [...running.keys()],
      plan,
      rates,
      quotaUntil,
      activeMs: activeNow(),
      startedAt,
      runs: carried?.runs ?? 0,
      now: Date.now(),
    }),
  );
  setHandler(pauseSignal, () => {
    paused = true;
    for (const r of running.values()) {
      r.pausing = true;
      r.scope.cancel();
    }
    tick++;
  });
  setHandler(resumeSignal, () => {
    paused = false;
    tick++;
  });

  const launch = (window: TimeWindow) => {
    const scope = new CancellationScope();
    const entry: Running = { scope, pausing: false };
    running.set(window.id, entry);
    const cursor = cursors[window.id];
    scope
      .run(() =>
        backfillWindow({
          backfillId: workflowInfo().workflowId,
          account: input.account,
          window,
          filters: input.filters ?? {},
          sink: input.sink,
          pageSize,
          rate: options.rate ?? {},
          cursor,
        }),
      )
      .then((result) => {
        done[window.id] = { records: result.records, pages: result.pages };
        delete cursors[window.id];
        if (result.rate !== undefined) rates = { rate: result.rate, usedToday: result.usedToday ?? 0 };
      })
      .catch((error: unknown) => {
        const quota = dailyQuota(error);
        if (quota) {
          if (quota.cursor) cursors[window.id] = quota.cursor;
          quotaUntil = Math.max(quotaUntil, Date.now() + quota.waitMs + marginMs);
          queue.unshift(window);
        } else if (entry.pausing && isCancellation(error)) {
          queue.unshift(window);
        } else if (!isCancellation(error)) {
          const failure = windowFailure(window.id, error);
          if (failure && patched(FAILED_WINDOWS_PATCH)) {
            // Final for this window only (a 400 for its range, a write the sink refuses, the retry cap):
            // the others still land; the backfill reports it at the end.
            failed[window.id] = failure;
          } else {
            // A backfill-wide failure (bad credentials, bad sink): stop the other windows too.
            fatal ??= error;
            for (const r of running.values()) r.scope.cancel();
          }
        }
      })
      .finally(() => {
        running.delete(window.id);
        tick++;
      });
  };

  const waitForChange = async (timeoutMs?: number) => {
    const seen = tick;
    if (timeoutMs === undefined) await condition(() => tick !== seen);
    else await condition(() => tick !== seen, timeoutMs);
  };

  /** Plans, sleeping on a durable timer whenever the daily quota is spent, then planning again. */
  const makePlan = async (): Promise<BackfillPlan> => {
    for (;;) {
      state = 'planning';
      try {
        return await planBackfill({
          account: input.account,
          from: input.from,
          to: input.to,
          filters: input.filters ?? {},
          favor: options.favor ?? 'quota',
          pageSize,
          rate: options.rate ?? {},
        });
      } catch (error) {
        const quota = dailyQuota(error);
        if (!quota) throw error;
        quotaUntil = Math.max(quotaUntil, Date.now() + quota.waitMs + marginMs);
        state = 'waiting-for-quota';
        await sleep(Math.max(1, quotaUntil - Date.now()));
      }
    }
  };

  try {
    if (mustPlan) {
      plan = await makePlan();
      windows = plan.windows.map((w) => w.window);
    }
    // Largest first (the plan's order): big windows start early while small ones fill the gaps.
    queue = windows.filter((w) => done[w.id] === undefined && failed[w.id] === undefined);
    if (plan && options.windowConcurrency === undefined) {
      concurrency = Math.max(1, Math.min(MAX_PLANNED_CONCURRENCY, plan.concurrency));
    }
    setState(paused ? 'paused' : 'running');
    for (;;) {
      if (fatal !== undefined && running.size === 0) throw fatal;
      if (queue.length === 0 && running.size === 0) break;
      if (fatal !== undefined) {
        await waitForChange();
        continue;
      }
      if (quotaUntil > Date.now()) {
        // Windows still in flight will hit the same quota; the timer is durable and survives restarts.
        setState('waiting-for-quota');
        await waitForChange(quotaUntil - Date.now());
        continue;
      }
      if (paused) {
        setState('paused');
        await waitForChange();
        continue;
      }
      setState('running');
      if (shouldContinueAsNew(options.maxHistoryEvents)) {
        if (running.size > 0) {
          await waitForChange();
          continue;
        }
        await condition(allHandlersFinished);
        const next: CarriedState = {
          done,
          cursors,
          paused,
          startedAt,
          activeMs: activeNow(),
          quotaUntil,
          runs: (carried?.runs ?? 0) + 1,
          plan,
          rateReport: rates,
          ...(Object.keys(failed).length > 0 ? { failed } : {}),
        };
        return await continueAsNew<typeof smsBackfill>(input, next);
      }
      const next = running.size < concurrency ? queue.shift() : undefined;
      if (next) {
        launch(next);
        continue;
      }
      await waitForChange();
    }
  } catch (error) {
    if (isCancellation(error)) {
      state = 'cancelled';
      // Let cancelled windows stop at a page boundary before the workflow closes: the sink stays consistent.
      await CancellationScope.nonCancellable(() => condition(() => running.size === 0));
    }
    throw error;
  }
  const failures = Object.values(failed);
  if (failures.length > 0) {
    setState('failed');
    throw failedWindowsFailure(failures, windows.length);
  }
  setState('completed');
  const { records, requests } = doneTotals(done);
  return {
    windows: windows.length,
    records,
    requests,
    startedAt,
    finishedAt: Date.now(),
    rate: Math.round(requestRate(requests, activeNow()) * 1000) / 1000,
    effectiveRate: rates?.rate,
    plannedRequests: plan?.totalRequests,
    plannedRecords: plan?.totalRecords,
    probeRequests: plan?.probeRequests,
  };
}

function shouldContinueAsNew(maxEvents: number | undefined): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (maxEvents !== undefined && info.historyLength > maxEvents);
}

function dailyQuota(error: unknown): DailyQuotaDetails | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type === FAILURE_TYPES.dailyQuota) {
    return cause.details?.[0] as DailyQuotaDetails | undefined;
  }
  return undefined;
}

/**
 * Daily incremental sync, started by a Temporal Schedule (`createIncrementalSyncSchedule`): backfills
 * `[now − lookBack − overlap, now]` as a child workflow. Engagements appear only once completed, sometimes
 * later, so the overlap re-reads recent days; the sink drops what it already has.
 */
export async function smsIncrementalSync(input: IncrementalSyncInput): Promise<BackfillResult> {
  const to = Math.floor(Date.now() / 60_000) * 60_000;
  const from = to - input.lookBackMs - input.overlapMs;
  const range = { from: formatInstant(from), to: formatInstant(to) };
  return await executeChild(smsBackfill, {
    workflowId: `${workflowInfo().workflowId}/${range.from}`,
    args: [
      { ...range, filters: input.filters, sink: input.sink, account: input.account, options: input.options },
    ],
  });
}
