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
import { executeChild, setHandler, workflowInfo } from '@temporalio/workflow';
import { formatInstant } from '@zcc-sms/core/windows';
import type { BackfillInput, BackfillResult, CarriedState } from '../types.ts';
import { BackfillShell } from './backfill-shell.ts';
import { pauseSignal, progressQuery, resumeSignal } from './definitions.ts';
import type { IncrementalSyncInput } from './incremental.ts';

export type { Lease, LeaseBook, LeaseGrant, LeaseLimits, LeaseRequest } from '../budget-leases.ts';
export type {
  AccountBackfill,
  AccountBackfillStatus,
  MultiAccountBackfillInput,
  MultiAccountProgress,
  MultiAccountResult,
} from '../multi-account-types.ts';
export { accountBudget } from './account-budget.ts';
export { accountBudgetId, leaseUpdate, releaseUpdate } from './budget-definitions.ts';
export { pauseSignal, progressQuery, resumeSignal } from './definitions.ts';
export type { IncrementalSyncInput } from './incremental.ts';
export { smsMultiAccountBackfill } from './multi-account.ts';
export { accountWorkflowId, multiAccountProgressQuery } from './multi-account-query.ts';
export { FAILED_WINDOWS_PATCH, PLAN_AT_START_PATCH, SHORT_HEARTBEAT_PATCH } from './patches.ts';

/**
 * The durable backfill. Start it with `startBackfill` (derives the workflow id). The pure machine
 * (backfill-machine.ts) decides; the shell (backfill-shell.ts) carries its commands out on Temporal.
 */
export async function smsBackfill(input: BackfillInput, carried?: CarriedState): Promise<BackfillResult> {
  const shell = new BackfillShell(input, carried);
  setHandler(progressQuery, () => shell.progress());
  setHandler(pauseSignal, () => shell.receive({ type: 'paused' }));
  setHandler(resumeSignal, () => shell.receive({ type: 'resumed' }));
  return await shell.run();
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
