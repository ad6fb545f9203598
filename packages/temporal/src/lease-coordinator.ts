/**
 * The worker's way to its account's coordinator workflow: update-with-start, so the first worker that
 * needs a lease starts the coordinator and every later one joins it. One namespace and task queue hold
 * one coordinator per account: workers of one account must share them (they share the backfills anyway).
 */
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { LeaseCoordinator } from './budget-lease.ts';
import type { accountBudget } from './workflows/account-budget.ts';
import { accountBudgetId, leaseUpdate, releaseUpdate } from './workflows/budget-definitions.ts';

export function temporalLeaseCoordinator(
  client: Client,
  account: string,
  taskQueue: string,
): LeaseCoordinator {
  const workflowId = accountBudgetId(account);
  const start = () =>
    new WithStartWorkflowOperation<typeof accountBudget>('accountBudget', {
      workflowId,
      taskQueue,
      args: [],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  return {
    renew: (request) =>
      client.workflow.executeUpdateWithStart(leaseUpdate, {
        args: [request],
        startWorkflowOperation: start(),
      }),
    release: (holder, spent) =>
      client.workflow.executeUpdateWithStart(releaseUpdate, {
        args: [{ holder, spent }],
        startWorkflowOperation: start(),
      }),
  };
}
