/**
 * Workflow code: deterministic, no I/O (biome forbids Node APIs here). Records never pass through the
 * workflow — activities land them in the sink and return counts, so history stays small.
 *
 * `smsBackfill` splits the range into month windows (`@zcc-sms/core/windows`, pure) and runs one window
 * activity per window with bounded concurrency. A daily-quota stop becomes a durable timer until the
 * reset; pause cancels windows in flight (they resume from their sink checkpoints); continue-as-new
 * carries the finished windows when the server suggests it.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { formatInstant, monthWindows } from '@zcc-sms/core/windows';
import type { createActivities } from '../activities.ts';
import { estimateEtaMs, requestRate } from '../progress.ts';
import type {
  BackfillInput,
  BackfillProgress,
  BackfillResult,
  BackfillState,
  CarriedState,
  DailyQuotaDetails,
  TimeWindow,
  WindowCursor,
  WindowProgress,
} from '../types.ts';
import { FAILURE_TYPES } from '../types.ts';
import { pauseSignal, progressQuery, resumeSignal } from './definitions.ts';
import type { IncrementalSyncInput } from './incremental.ts';

export { pauseSignal, progressQuery, resumeSignal } from './definitions.ts';
export type { IncrementalSyncInput } from './incremental.ts';

const windowActivity = (heartbeatTimeoutMs: number) =>
  proxyActivities<ReturnType<typeof createActivities>>({
    // A month of a busy account takes a while at 5 requests/s; the heartbeat, not this, detects a dead worker.
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: heartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      // The core is the HTTP retry layer; these retries are for crashed or lost workers.
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: [
        FAILURE_TYPES.input,
        FAILURE_TYPES.credentials,
        FAILURE_TYPES.permission,
        FAILURE_TYPES.sinkConfig,
        FAILURE_TYPES.accountMismatch,
      ],
    },
  }).backfillWindow;

interface Running {
  readonly scope: CancellationScope;
  pausing: boolean;
}

/** The durable backfill. Start it with `startBackfill` (derives the workflow id). */
export async function smsBackfill(input: BackfillInput, carried?: CarriedState): Promise<BackfillResult> {
  const options = input.options ?? {};
  const concurrency = options.windowConcurrency ?? 4;
  const marginMs = options.quotaMarginMs ?? 30_000;
  const backfillWindow = windowActivity(options.heartbeatTimeoutMs ?? 30_000);
  const windows = monthWindows(input.from, input.to);
  const done: Record<string, WindowProgress> = { ...carried?.done };
  const cursors: Record<string, WindowCursor> = { ...carried?.cursors };
  const running = new Map<string, Running>();
  const queue: TimeWindow[] = windows.filter((w) => done[w.id] === undefined);
  const startedAt = carried?.startedAt ?? Date.now();
  let paused = carried?.paused ?? false;
  let quotaUntil = carried?.quotaUntil ?? 0;
  let activeMs = carried?.activeMs ?? 0;
  let activeSince: number | undefined;
  let state: BackfillState = 'running';
  let tick = 0;
  let fatal: unknown;

  const totals = () => {
    let records = 0;
    let requests = 0;
    for (const d of Object.values(done)) {
      records += d.records;
      requests += d.pages;
    }
    return { records, requests };
  };
  const activeNow = () => activeMs + (activeSince !== undefined ? Date.now() - activeSince : 0);
  const setState = (next: BackfillState) => {
    if (next === 'running' && activeSince === undefined) activeSince = Date.now();
    if (next !== 'running' && activeSince !== undefined) {
      activeMs += Date.now() - activeSince;
      activeSince = undefined;
    }
    state = next;
  };

  setHandler(progressQuery, (): BackfillProgress => {
    const { records, requests } = totals();
    const rate = requestRate(requests, activeNow());
    const waitingUntil = state === 'waiting-for-quota' ? quotaUntil : undefined;
    const windowsDone = Object.keys(done).length;
    return {
      state,
      windowsTotal: windows.length,
      windowsDone,
      windowsRunning: [...running.keys()],
      recordsWritten: records,
      requests,
      rate,
      waitingUntil,
      etaMs: estimateEtaMs({
        windowsTotal: windows.length,
        windowsDone,
        requests,
        rate,
        waitingUntil,
        now: Date.now(),
      }),
      startedAt,
      runs: carried?.runs ?? 0,
    };
  });
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
          pageSize: options.pageSize ?? 100,
          rate: options.rate ?? {},
          cursor,
        }),
      )
      .then((result) => {
        done[window.id] = { records: result.records, pages: result.pages };
        delete cursors[window.id];
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
          // A non-retryable failure (bad credentials, bad sink): stop the other windows too.
          fatal ??= error;
          for (const r of running.values()) r.scope.cancel();
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

  try {
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
  setState('completed');
  const { records, requests } = totals();
  return { windows: windows.length, records, requests, startedAt, finishedAt: Date.now() };
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
