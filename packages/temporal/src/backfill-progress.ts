/**
 * Progress of a running backfill for the CLI and programs: the workflow's `progress` query plus what
 * Temporal knows about the windows in flight — their heartbeats (pages, records, rate) and the last
 * failure of a window being retried, so a failing window is never silent.
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { ApplicationFailure, type LoadedDataConverter } from '@temporalio/common';
import { causeChain } from '@zcc-sms/core';
import { decodeFailure, decodePayloadAt } from './payload-decoding.ts';
import { liveRateReport, planEtaMs } from './plan-eta.ts';
import type { BackfillProgress, WindowHeartbeat } from './types.ts';
import { progressQuery } from './workflows/definitions.ts';

/** A window being paged now: its attempt, pages and records so far, and the plan's figures for it. */
export interface WindowInFlight {
  /** The window. */
  readonly windowId: string;
  /** Activity attempt (1 for the first). */
  readonly attempt: number;
  /** Pages fetched so far. */
  readonly pages: number;
  /** Records emitted so far. */
  readonly records: number;
  /** The plan's figures for this window, when the backfill has a plan. */
  readonly plannedRequests?: number | undefined;
  /** Records the plan counted for this window. */
  readonly plannedRecords?: number | undefined;
}

/** A window in flight whose last attempt failed: Temporal retries it (capped), and this says why. */
export interface WindowRetrying {
  /** The window. */
  readonly windowId: string;
  /** The attempt now running or scheduled (2 after the first failure). */
  readonly attempt: number;
  /** The last attempt's failure: type and message (Zoom's status, message and tracking id, or the sink's). */
  readonly lastFailure: string;
}

/** A backfill's progress plus its Temporal execution status and the windows in flight (from `getProgress`). */
export interface BackfillStatus extends BackfillProgress {
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT. */
  readonly execution: string;
  /** Windows in flight, from their latest heartbeats. */
  readonly inFlight: readonly WindowInFlight[];
  /** Windows being retried after a failure, with the cause (Temporal's `lastFailure` of the activity). */
  readonly retrying: readonly WindowRetrying[];
}

/**
 * Progress of a backfill: the workflow's query plus the heartbeats of windows in flight. With a plan, the
 * ETA is the core's `etaMs` over the remaining planned requests (minus pages done in flight) at the
 * effective rate, daily-quota pauses included; the effective rate and today's use come from the live
 * heartbeats when windows are in flight.
 *
 * @example
 * const p = await getProgress(client, workflowId);
 * console.log(`${p.windowsDone}/${p.windowsTotal} windows, ${p.effectiveRate} req/s, ETA ${p.etaMs} ms`);
 */
export async function getProgress(client: Client, workflowId: string): Promise<BackfillStatus> {
  const handle = client.workflow.getHandle(workflowId);
  const [progress, description] = await Promise.all([handle.query(progressQuery), handle.describe()]);
  const converter = client.workflow.options.loadedDataConverter;
  const inFlight: WindowInFlight[] = [];
  const beats: WindowHeartbeat[] = [];
  const retrying: WindowRetrying[] = [];
  for (const activity of description.raw.pendingActivities ?? []) {
    const beat = await decodePayloadAt<WindowHeartbeat | undefined>(
      converter,
      0,
      activity.heartbeatDetails?.payloads,
    ).catch(() => undefined);
    const windowId = beat?.windowId ?? beat?.cursor?.windowId;
    if (activity.lastFailure && windowId !== undefined) {
      retrying.push({
        windowId,
        attempt: activity.attempt ?? 1,
        lastFailure: await describeFailure(converter, activity.lastFailure),
      });
    }
    if (!beat?.cursor) continue;
    beats.push(beat);
    const planned = progress.runningPlan?.[beat.cursor.windowId];
    inFlight.push({
      windowId: beat.cursor.windowId,
      attempt: activity.attempt ?? 1,
      pages: beat.cursor.pages,
      records: beat.cursor.records,
      plannedRequests: planned?.requests,
      plannedRecords: planned?.records,
    });
  }
  const live = liveRateReport(beats);
  const effectiveRate = live?.rate ?? progress.effectiveRate;
  const usedToday = live?.usedToday ?? progress.usedToday;
  const running = progress.state === 'running' || progress.state === 'waiting-for-quota';
  const etaMs =
    running && progress.remainingRequests !== undefined && progress.limits !== undefined
      ? planEtaMs({
          remainingRequests: progress.remainingRequests,
          runningPlan: progress.runningPlan ?? {},
          pagesInFlight: Object.fromEntries(inFlight.map((w) => [w.windowId, w.pages])),
          limits: progress.limits,
          effectiveRate,
          usedToday,
          waitingUntil: progress.waitingUntil,
          now: Date.now(),
        })
      : progress.etaMs;
  return {
    ...progress,
    effectiveRate,
    usedToday,
    etaMs,
    execution: description.status.name,
    inFlight,
    retrying,
  };
}

type PendingActivity = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

/** `Type: message` of a failure proto (messages are in the encoded attributes when a codec is set). */
async function describeFailure(
  converter: LoadedDataConverter,
  failure: NonNullable<PendingActivity['lastFailure']>,
): Promise<string> {
  const decoded = await decodeFailure(converter, failure).catch(() => undefined);
  // The activity's own failure is the innermost cause (Temporal may wrap it, e.g. in a TimeoutFailure).
  let current: Error | undefined;
  for (const link of causeChain(decoded)) {
    if (!(link instanceof Error)) break;
    current = link;
  }
  if (!(current instanceof Error)) return failure.message ?? 'unknown failure';
  const type = current instanceof ApplicationFailure ? current.type : current.name;
  return `${type ?? current.name}: ${current.message}`;
}
