/**
 * How activity errors cross into Temporal. The core already retried HTTP failures (the only HTTP retry
 * layer); what reaches here is backfill-wide and final (bad input, credentials, permissions, sink
 * configuration), final for this window (`classifyFailure`: a 400, 404, an unparseable body, a write the
 * sink refuses), or a reason to run the activity again later (network, 5xx after the core's retries, a
 * store out of reach — retryable within the capped policy, resumes from its checkpoint). A spent daily quota is neither: it is a typed, non-retryable failure carrying the
 * reset time, and the workflow sleeps on a durable timer until then.
 */
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import {
  type Clock,
  type WindowCursor,
  ZoomCredentialsError,
  ZoomDailyQuotaError,
  ZoomInputError,
  ZoomPermissionError,
} from '@zcc-sms/core';
import { classifyFailure, scrub } from './failure-policy.ts';
import { SinkConfigError } from './sinks/sink.ts';
import { type DailyQuotaDetails, FAILURE_TYPES } from './types.ts';

export interface FailureContext {
  readonly clock: Clock;
  readonly cursor: WindowCursor | undefined;
  /** Wall-clock ms to wait for an API-clock reset time; default `resetAt − clock.now()`. */
  readonly quotaWaitMs?: ((resetAt: number, now: number) => number) | undefined;
}

/** Refuses a task for another Zoom account than the worker's credentials serve (non-retryable). */
export function checkAccount(workerAccount: string | undefined, taskAccount: string | undefined): void {
  if (workerAccount === undefined || taskAccount === undefined || taskAccount === workerAccount) return;
  throw ApplicationFailure.create({
    type: FAILURE_TYPES.accountMismatch,
    message: `account: this worker serves Zoom account ${workerAccount}, not ${taskAccount}; run a worker with that account's credentials on another task queue`,
    nonRetryable: true,
  });
}

/** Converts an error thrown while paging a window (or planning) into what Temporal should see. */
export function toActivityFailure(error: unknown, context: FailureContext): unknown {
  if (error instanceof ZoomDailyQuotaError) {
    const now = context.clock.now();
    const waitMs = Math.max(0, context.quotaWaitMs?.(error.resetAt, now) ?? error.resetAt - now);
    const details: DailyQuotaDetails = { resetAt: error.resetAt, waitMs, cursor: context.cursor };
    return ApplicationFailure.create({
      type: FAILURE_TYPES.dailyQuota,
      message: `Daily request quota spent; resets at ${new Date(error.resetAt).toISOString()}`,
      nonRetryable: true,
      details: [details],
      // An expected stop, not an error: logged quietly by the worker.
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  const backfillWide = backfillWideType(error);
  if (backfillWide) {
    return ApplicationFailure.create({
      type: backfillWide,
      message: scrub((error as Error).message),
      nonRetryable: true,
    });
  }
  // No cause chain is attached: only the scrubbed message crosses into history (no secrets, no bodies).
  const verdict = classifyFailure(error);
  return ApplicationFailure.create({
    type: verdict.type,
    message: verdict.message,
    nonRetryable: verdict.kind === 'final',
  });
}

/** Failures that no window of the backfill can get past: the workflow stops every window on them. */
function backfillWideType(error: unknown): string | undefined {
  if (error instanceof ZoomInputError) return FAILURE_TYPES.input;
  if (error instanceof ZoomCredentialsError) return FAILURE_TYPES.credentials;
  if (error instanceof ZoomPermissionError) return FAILURE_TYPES.permission;
  if (error instanceof SinkConfigError) return FAILURE_TYPES.sinkConfig;
  return undefined;
}
