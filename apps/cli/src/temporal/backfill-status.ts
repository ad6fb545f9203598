/**
 * A backfill's status for `status`, the live display and `--json`: Temporal's execution status plus the
 * workflow's progress. The progress query needs a worker; when none is polling (an embedded backfill
 * that was detached), the status comes from the execution's description, and a completed backfill's
 * figures from its result.
 */
import type { Client } from '@temporalio/client';
import type { BackfillProgress, BackfillResult, WindowInFlight, WindowRetrying } from '@zcc-sms/temporal';
import { innermostError } from './workflow-failure.ts';

export interface BackfillStatusView extends Partial<BackfillProgress> {
  readonly workflowId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, … */
  readonly status: string;
  /** Records of windows in flight (from their heartbeats), not yet in `recordsWritten`. */
  readonly recordsInFlight?: number | undefined;
  readonly requestsInFlight?: number | undefined;
  readonly finishedAt?: number | undefined;
  /** Why progress is missing, when it is. */
  readonly note?: string | undefined;
  readonly failure?: string | undefined;
  /** Windows Temporal is retrying, with the last attempt's cause. */
  readonly retrying?: readonly WindowRetrying[] | undefined;
  /** Windows in flight with their pages and records (from their heartbeats). */
  readonly inFlight?: readonly WindowInFlight[] | undefined;
}

export async function readBackfillStatus(
  client: Client,
  workflowId: string,
  queryTimeoutMs = 5_000,
): Promise<BackfillStatusView> {
  const { getProgress } = await import('@zcc-sms/temporal');
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const status = description.status.name;
  if (status === 'COMPLETED') {
    const result = (await handle.result()) as BackfillResult;
    return {
      workflowId,
      status,
      state: 'completed',
      windowsTotal: result.windows,
      windowsDone: result.windows,
      recordsWritten: result.records,
      requests: result.requests,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      rate:
        result.finishedAt > result.startedAt
          ? (result.requests * 1000) / (result.finishedAt - result.startedAt)
          : 0,
    };
  }
  if (status !== 'RUNNING') {
    let failure: string | undefined;
    try {
      await handle.result();
    } catch (error) {
      failure = innermostError(error)?.message ?? String(error);
    }
    return { workflowId, status, failure };
  }
  try {
    const progress = await client.withDeadline(Date.now() + queryTimeoutMs, () =>
      getProgress(client, workflowId),
    );
    const { execution: _execution, inFlight, ...rest } = progress;
    return {
      workflowId,
      status,
      ...rest,
      inFlight,
      recordsInFlight: inFlight.reduce((sum, w) => sum + w.records, 0),
      requestsInFlight: inFlight.reduce((sum, w) => sum + w.pages, 0),
    };
  } catch {
    return {
      workflowId,
      status,
      note: 'no worker is running this backfill right now, so its progress cannot be read; start one (`zcc-sms worker`, or run the same `zcc-sms backfill` again for the embedded Temporal)',
    };
  }
}
