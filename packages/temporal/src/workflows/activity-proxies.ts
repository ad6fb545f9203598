/**
 * The workflow's view of the activities (types only: the implementations run on workers). One retry
 * policy for both: the core is the HTTP retry layer, so Temporal retries only what may pass on its own —
 * a crashed or lost worker, a stalled window, a store or network out of reach after the core's own
 * retries — never a failure the activity marked final (activity-failures.ts).
 *
 * The cap: 12 attempts with backoff doubling from 1 s to 5 minutes wait about 19 minutes in all, which
 * outlasts a worker redeploy, a PostgreSQL failover or a short Zoom outage (each attempt already carries
 * the core's 8 tries per request), while a window that keeps failing spends at most 12 × 8 requests on
 * its failing page before it is reported with its cause instead of retried every minute for ever.
 */
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities.ts';
import { BACKFILL_WIDE_FAILURES } from '../types.ts';

type Activities = ReturnType<typeof createActivities>;

const retry = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  maximumAttempts: 12,
  nonRetryableErrorTypes: BACKFILL_WIDE_FAILURES,
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
