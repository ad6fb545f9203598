/**
 * The workflow's view of the activities (types only: the implementations run on workers). One retry
 * policy for both: the core is the HTTP retry layer, so Temporal retries only for crashed or lost
 * workers, never for bad input, credentials, permissions, sink configuration or another account.
 */
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities.ts';
import { FAILURE_TYPES } from '../types.ts';

type Activities = ReturnType<typeof createActivities>;

const retry = {
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
} as const;

export function backfillActivities(
  heartbeatTimeoutMs: number,
): Pick<Activities, 'backfillWindow' | 'planBackfill'> {
  const { backfillWindow } = proxyActivities<Activities>({
    // A month of a busy account takes a while at 5 requests/s; the heartbeat, not this, detects a dead worker.
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: heartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { ...retry, nonRetryableErrorTypes: [...retry.nonRetryableErrorTypes] },
  });
  const { planBackfill } = proxyActivities<Activities>({
    // One probe per month (plus one per split), paced by the budget: minutes even for a decade.
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: heartbeatTimeoutMs,
    retry: { ...retry, nonRetryableErrorTypes: [...retry.nonRetryableErrorTypes] },
  });
  return { backfillWindow, planBackfill };
}
