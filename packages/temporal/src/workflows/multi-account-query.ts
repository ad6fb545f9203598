/**
 * The multi-account backfill's query and child ids, defined once for the workflow and its clients.
 * Pure: imports only `@temporalio/workflow`'s define helper (which runs anywhere).
 */
import { defineQuery } from '@temporalio/workflow';
import type { MultiAccountProgress } from '../multi-account-types.ts';

/** The multi-account backfill's workflow type (the function's name, as workers register it). */
export const MULTI_ACCOUNT_WORKFLOW = 'smsMultiAccountBackfill';

/**
 * Every account's status and the totals, answered from the parent's state.
 *
 * @example
 * const progress = await client.workflow.getHandle(workflowId).query(multiAccountProgressQuery);
 */
export const multiAccountProgressQuery = defineQuery<MultiAccountProgress>('multiAccountProgress');

/**
 * The child workflow id of one account of a multi-account backfill.
 *
 * @example
 * accountWorkflowId('zcc-sms-accounts-2025-01-01..2025-03-31-ab12', 'emea'); // '…-ab12/emea'
 */
export function accountWorkflowId(parentId: string, account: string): string {
  return `${parentId}/${account}`;
}
