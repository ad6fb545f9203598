/**
 * The account-budget workflow's name, id and updates, defined once for the workflow and the workers that
 * call it. Pure: imports only `@temporalio/workflow` (whose define* helpers run anywhere).
 */
import { defineUpdate } from '@temporalio/workflow';
import type { LeaseGrant, LeaseRequest } from '../budget-leases.ts';

/**
 * One coordinator per Zoom account and task queue: every worker spending the account on that queue leases
 * from it, and it runs on that queue (a coordinator on a queue no worker serves would never answer).
 */
export function accountBudgetId(account: string, taskQueue: string): string {
  return `zcc-sms-budget/${taskQueue}/${account}`;
}

/** Takes or renews the caller's lease on the account's limits; answers its grant. */
export const leaseUpdate = defineUpdate<LeaseGrant, [LeaseRequest]>('lease');

/** Gives the caller's lease back (its work is done) with what it spent since its last renewal. */
export const releaseUpdate = defineUpdate<void, [{ holder: string; spent: number }]>('release');
