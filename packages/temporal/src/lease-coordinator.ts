/**
 * The worker's way to its account's coordinator workflow: update-with-start, so the first worker that
 * needs a lease starts the coordinator and every later one joins it. One namespace and task queue hold
 * one coordinator per account: workers of one account must share them (they share the backfills anyway);
 * workers on another queue spend the account apart from these (give them `--share`).
 */
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { LeaseCoordinator } from './budget-lease.ts';
import type { accountBudget } from './workflows/account-budget.ts';
import { accountBudgetId, leaseUpdate, releaseUpdate } from './workflows/budget-definitions.ts';

const RENEW_DEADLINE_MS = 5_000;

export function temporalLeaseCoordinator(
  client: Client,
  account: string,
  taskQueue: string,
): LeaseCoordinator {
  const workflowId = accountBudgetId(account, taskQueue);
  // A renewal that gets no answer (no worker polls the coordinator's queue, an outage) fails after this
  // long instead of hanging: the lease then counts it as unanswered (budget-lease.ts).
  const answerWithin = <T>(call: () => Promise<T>) =>
    client.withDeadline(Date.now() + RENEW_DEADLINE_MS, call);
  const start = () =>
    new WithStartWorkflowOperation<typeof accountBudget>('accountBudget', {
      workflowId,
      taskQueue,
      args: [],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  return {
    renew: (request) =>
      answerWithin(() =>
        client.workflow.executeUpdateWithStart(leaseUpdate, {
          args: [request],
          startWorkflowOperation: start(),
        }),
      ),
    release: (holder, spent) =>
      answerWithin(() =>
        client.workflow.executeUpdateWithStart(releaseUpdate, {
          args: [{ holder, spent }],
          startWorkflowOperation: start(),
        }),
      ),
  };
}
