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
import { formatInstant } from '@zcc-sms/core/windows';
import type { BackfillInput, BackfillResult, CarriedState, DailyQuotaDetails } from '../types.ts';
import { FAILURE_TYPES } from '../types.ts';
import { backfillActivities } from './activity-proxies.ts';
import { step } from './backfill-machine.ts';
import { pauseSignal, progressQuery, resumeSignal } from './definitions.ts';
import type { IncrementalSyncInput } from './incremental.ts';
import { initialMachine, progressSnapshot } from './machine-state.ts';
import type { MachineCommand, MachineEvent, WindowStart } from './machine-types.ts';
import { progressView } from './progress-view.ts';
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

/**
 * The durable backfill. Start it with `startBackfill` (derives the workflow id). A thin shell around the
 * pure machine (backfill-machine.ts): it executes the machine's commands with Temporal's primitives and
 * feeds their outcomes, the signals and the clock back as events.
 */
export async function smsBackfill(input: BackfillInput, carried?: CarriedState): Promise<BackfillResult> {
  const options = input.options ?? {};
  const { backfillWindow, planBackfill } = backfillActivities(options.heartbeatTimeoutMs ?? 30_000);
  let machine = initialMachine(input, carried, Date.now());
  const scopes = new Map<string, CancellationScope>();
  // Bumped by every event: `waitForEvent` wakes on it.
  let tick = 0;
  const dispatch = (event: MachineEvent): readonly MachineCommand[] => {
    const next = step(machine, event);
    machine = next.state;
    tick++;
    return next.commands;
  };
  /** An event arriving while the workflow waits: its commands (cancellations) run at once. */
  const receive = (event: MachineEvent) => {
    for (const command of dispatch(event)) {
      if (command.type === 'cancelWindow') scopes.get(command.windowId)?.cancel();
    }
  };
  /** An event the workflow decides on, after noting a continue-as-new suggestion. */
  const wake = (event: MachineEvent) => {
    if (shouldContinueAsNew(options.maxHistoryEvents)) dispatch({ type: 'continueAsNewSuggested' });
    return dispatch(event);
  };

  setHandler(progressQuery, () => progressView(progressSnapshot(machine, Date.now())));
  setHandler(pauseSignal, () => receive({ type: 'paused' }));
  setHandler(resumeSignal, () => receive({ type: 'resumed' }));

  const launch = ({ window, cursor }: WindowStart) => {
    const scope = new CancellationScope();
    scopes.set(window.id, scope);
    const task = {
      backfillId: workflowInfo().workflowId,
      account: input.account,
      window,
      filters: input.filters ?? {},
      sink: input.sink,
      pageSize: options.pageSize ?? 100,
      rate: options.rate ?? {},
      cursor,
    };
    scope
      .run(() => backfillWindow(task))
      .then(
        (result) => receive({ type: 'windowSucceeded', windowId: window.id, result }),
        (error: unknown) => receive(windowEnded(window.id, error)),
      )
      .finally(() => scopes.delete(window.id));
  };

  const plan = async (): Promise<readonly MachineCommand[]> => {
    try {
      const made = await planBackfill({
        account: input.account,
        from: input.from,
        to: input.to,
        filters: input.filters ?? {},
        favor: options.favor ?? 'quota',
        pageSize: options.pageSize ?? 100,
        rate: options.rate ?? {},
      });
      return wake({ type: 'planned', plan: made, now: Date.now() });
    } catch (error) {
      const quota = dailyQuota(error);
      if (!quota) throw error;
      return dispatch({ type: 'planQuotaHit', details: quota, now: Date.now() });
    }
  };

  const waitForEvent = async (timeoutMs: number | undefined) => {
    const seen = tick;
    if (timeoutMs === undefined) await condition(() => tick !== seen);
    else if (!(await condition(() => tick !== seen, timeoutMs)))
      return wake({ type: 'timerFired', now: Date.now() });
    return wake({ type: 'woke', now: Date.now() });
  };

  try {
    const planFirst = carried === undefined && (options.plan ?? true) && patched(PLAN_AT_START_PATCH);
    let commands = wake({ type: 'started', now: Date.now(), planFirst });
    for (;;) {
      let next: readonly MachineCommand[] = [];
      for (const command of commands) {
        switch (command.type) {
          case 'startWindow':
            launch(command.task);
            break;
          case 'cancelWindow':
            scopes.get(command.windowId)?.cancel();
            break;
          case 'runPlan':
            next = await plan();
            break;
          case 'sleep':
            await sleep(command.ms);
            next = dispatch({ type: 'timerFired', now: Date.now() });
            break;
          case 'waitForEvent':
            next = await waitForEvent(command.timeoutMs);
            break;
          case 'continueAsNew':
            await condition(allHandlersFinished);
            return await continueAsNew<typeof smsBackfill>(input, command.carried);
          case 'complete':
            return command.result;
          case 'fail':
            throw command.error;
          case 'failWindows':
            throw failedWindowsFailure(command.failures, command.total);
        }
      }
      commands = next;
    }
  } catch (error) {
    if (isCancellation(error)) {
      dispatch({ type: 'cancelRequested' });
      // Let cancelled windows stop at a page boundary before the workflow closes: the sink stays consistent.
      await CancellationScope.nonCancellable(() => condition(() => machine.running.length === 0));
    }
    throw error;
  }
}

/** How a window's activity ended, as the machine's event. */
function windowEnded(windowId: string, error: unknown): MachineEvent {
  const quota = dailyQuota(error);
  if (quota) return { type: 'dailyQuotaHit', windowId, details: quota, now: Date.now() };
  if (isCancellation(error)) return { type: 'windowCancelled', windowId };
  // Final for this window only (a 400 for its range, a write the sink refuses, the retry cap), or
  // backfill-wide (bad credentials, bad sink) — and every failure was backfill-wide before the patch.
  const failure = windowFailure(windowId, error);
  if (failure && patched(FAILED_WINDOWS_PATCH)) return { type: 'windowFailed', windowId, failure };
  return { type: 'windowFatal', windowId, error };
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
