/**
 * The multi-account backfill: one child `smsBackfill` per account, side by side, each on its own account's
 * budget (the workers map the account's name to its credentials; workflow input names it only).
 *
 * Fairness: each child is started with the Temporal priority `fairnessKey` = its account. Activities
 * inherit the priority of the workflow that schedules them (Temporal `Priority` docs), so every window of
 * an account carries its key, and a task queue with fairness enabled (server 1.29+) dispatches the
 * accounts' windows in proportion instead of first come, first served: a huge account cannot starve the
 * others. Each child also keeps its own bounded window concurrency. Without fairness on the server the
 * key is ignored and the queue is FIFO — correct, only less even.
 *
 * A child that fails (an account the workers do not hold, a window that fails for good) does not stop
 * the others; the parent ends failed, naming each failed account and its cause. Cancelling the parent
 * cancels every child (Temporal's default for children) and the parent ends cancelled; pausing and resuming
 * are signals to each running child (`pauseBackfill` / `resumeBackfill` do that for a parent's id).
 */
import {
  ApplicationFailure,
  ChildWorkflowFailure,
  executeChild,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  AccountBackfillStatus,
  MultiAccountBackfillInput,
  MultiAccountProgress,
  MultiAccountResult,
} from '../multi-account-types.ts';
import type { BackfillInput, BackfillResult } from '../types.ts';
// By name and type only: index.ts re-exports this module.
import type { smsBackfill } from './index.ts';
import { accountWorkflowId, multiAccountProgressQuery } from './multi-account-query.ts';
import { MULTI_ACCOUNT_CANCEL_PATCH } from './patches.ts';

function summary(statuses: readonly AccountBackfillStatus[]): MultiAccountProgress {
  const done = statuses.filter((s) => s.state === 'completed');
  return {
    accounts: statuses.map((s) => ({ ...s })),
    total: {
      accounts: statuses.length,
      completed: done.length,
      failed: statuses.filter((s) => s.state === 'failed').length,
      running: statuses.filter((s) => s.state === 'running').length,
      cancelled: statuses.filter((s) => s.state === 'cancelled').length,
      records: done.reduce((n, s) => n + (s.result?.records ?? 0), 0),
      requests: done.reduce((n, s) => n + (s.result?.requests ?? 0), 0),
    },
  };
}

function causeOf(error: unknown): string {
  if (error instanceof ChildWorkflowFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The durable multi-account backfill. Start it with `startMultiAccountBackfill`. */
export async function smsMultiAccountBackfill(input: MultiAccountBackfillInput): Promise<MultiAccountResult> {
  const parentId = workflowInfo().workflowId;
  const statuses: AccountBackfillStatus[] = input.accounts.map((a) => ({
    account: a.account,
    workflowId: accountWorkflowId(parentId, a.account),
    state: 'running',
  }));
  setHandler(multiAccountProgressQuery, () => summary(statuses));

  let cancelled: unknown;
  await Promise.all(
    input.accounts.map(async (spec, i) => {
      const child: BackfillInput = {
        from: input.from,
        to: input.to,
        filters: input.filters,
        sink: spec.sink,
        account: spec.account,
        options: { ...input.options, ...spec.options },
      };
      try {
        const result: BackfillResult = await executeChild<typeof smsBackfill>('smsBackfill', {
          workflowId: statuses[i]!.workflowId,
          args: [child],
          priority: { fairnessKey: spec.account },
        });
        statuses[i] = { ...statuses[i]!, state: 'completed', result };
      } catch (error) {
        if (isCancellation(error) && patched(MULTI_ACCOUNT_CANCEL_PATCH)) {
          cancelled ??= error;
          statuses[i] = { ...statuses[i]!, state: 'cancelled' };
          return;
        }
        statuses[i] = { ...statuses[i]!, state: 'failed', error: causeOf(error) };
      }
    }),
  );
  // Every child has ended: the parent ends as its cancellation asked.
  if (cancelled !== undefined) throw cancelled;

  const failed = statuses.filter((s) => s.state === 'failed');
  if (failed.length > 0) {
    throw ApplicationFailure.create({
      type: 'AccountsFailed',
      message: `${failed.length} of ${statuses.length} accounts failed: ${failed.map((s) => `${s.account}: ${s.error}`).join('; ')}`,
      nonRetryable: true,
    });
  }
  const { total } = summary(statuses);
  return {
    accounts: Object.fromEntries(statuses.map((s) => [s.account, s.result!])),
    records: total.records,
    requests: total.requests,
  };
}
