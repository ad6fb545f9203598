/**
 * Starting and following a multi-account backfill from a Temporal client. Live progress per account
 * comes from each running child's own `progress` query (records and windows so far); the parent knows
 * which children finished and how.
 */
import { createHash } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { ZoomInputError } from '@zcc-sms/core';
import type {
  MultiAccountBackfillInput,
  MultiAccountProgress,
  MultiAccountResult,
} from './multi-account-types.ts';
import { stableJson } from './stable-json.ts';
import type { BackfillProgress } from './types.ts';
import { DEFAULT_TASK_QUEUE } from './types.ts';
import { progressQuery } from './workflows/definitions.ts';
import type { smsMultiAccountBackfill } from './workflows/index.ts';
import {
  accountWorkflowId,
  MULTI_ACCOUNT_WORKFLOW,
  multiAccountProgressQuery,
} from './workflows/multi-account-query.ts';
import { checkAccountName } from './zoom-accounts.ts';

/**
 * The workflow id of a multi-account backfill: the range plus a hash of everything that defines it.
 *
 * @example
 * multiAccountBackfillId(input); // 'zcc-sms-accounts-2025-01-01..2025-03-31-3f9c0a1e5b7d2c44'
 */
export function multiAccountBackfillId(input: MultiAccountBackfillInput): string {
  const key = stableJson({
    from: input.from,
    to: input.to,
    filters: input.filters ?? {},
    accounts: input.accounts.map((a) => ({ account: a.account, sink: a.sink })),
  });
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `zcc-sms-accounts-${input.from}..${input.to}-${hash}`;
}

/** Names are valid and distinct, and there is at least one: checked before anything starts. */
export function checkMultiAccountInput(input: MultiAccountBackfillInput): void {
  if (input.accounts.length === 0)
    throw new ZoomInputError('accounts', '[]', 'is empty', 'name at least one account');
  const seen = new Set<string>();
  input.accounts.forEach((a, i) => {
    checkAccountName(`accounts[${i}].account`, a.account);
    if (seen.has(a.account))
      throw new ZoomInputError(
        `accounts[${i}].account`,
        a.account,
        'appears twice',
        'name each account once',
      );
    seen.add(a.account);
  });
}

/**
 * Starts (or attaches to) a multi-account backfill; validates the input first.
 *
 * @example
 * const { workflowId, handle } = await startMultiAccountBackfill(client, input);
 * const result = await handle.result();
 */
export async function startMultiAccountBackfill(
  client: Client,
  input: MultiAccountBackfillInput,
  options: { taskQueue?: string } = {},
): Promise<{ workflowId: string; handle: WorkflowHandle<typeof smsMultiAccountBackfill> }> {
  checkMultiAccountInput(input);
  const workflowId = multiAccountBackfillId(input);
  const handle = await client.workflow.start<typeof smsMultiAccountBackfill>(MULTI_ACCOUNT_WORKFLOW, {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return { workflowId, handle };
}

/** One account's live figures: the parent's status plus, while it runs, its child's progress. */
export interface AccountLiveProgress {
  /** The account's name. */
  readonly account: string;
  /** Its child backfill's workflow id. */
  readonly workflowId: string;
  /** `running` until its child ends; `cancelled` when the parent was cancelled before it finished. */
  readonly state: 'running' | 'completed' | 'failed' | 'cancelled';
  /** Records landed so far (committed windows). */
  readonly records: number;
  /** Windows done. */
  readonly windowsDone: number;
  /** Windows known (planned, or the months without a plan). */
  readonly windowsTotal: number;
  /** Why it failed. */
  readonly error?: string | undefined;
}

/** Live progress of every account and in total. */
export interface MultiAccountLiveProgress {
  /** One entry per account, in input order. */
  readonly accounts: readonly AccountLiveProgress[];
  /** Accounts by state, and the records landed so far in all. */
  readonly total: {
    readonly accounts: number;
    readonly completed: number;
    readonly failed: number;
    readonly running: number;
    readonly cancelled: number;
    readonly records: number;
  };
}

/**
 * Per-account and total progress: the parent's query, then each running child's `progress` query.
 *
 * @example
 * const { total, accounts } = await getMultiAccountProgress(client, workflowId);
 * console.log(`${total.completed}/${total.accounts} accounts, ${total.records} records`);
 */
export async function getMultiAccountProgress(
  client: Client,
  workflowId: string,
): Promise<MultiAccountLiveProgress> {
  const handle = client.workflow.getHandle<typeof smsMultiAccountBackfill>(workflowId);
  // A finished parent answers from its result: a query would need a worker to replay it.
  const parent: MultiAccountProgress =
    (await handle.describe()).status.name === 'COMPLETED'
      ? fromResult(workflowId, await handle.result())
      : await handle.query(multiAccountProgressQuery);
  const accounts = await Promise.all(
    parent.accounts.map(async (s): Promise<AccountLiveProgress> => {
      let live: BackfillProgress | undefined;
      if (s.state === 'running') {
        // A child not started yet (or between runs) has no answer: it counts as nothing done.
        live = await client.workflow
          .getHandle(s.workflowId)
          .query(progressQuery)
          .catch(() => undefined);
      }
      return {
        account: s.account,
        workflowId: s.workflowId,
        state: s.state,
        records: s.result?.records ?? live?.recordsWritten ?? 0,
        windowsDone: s.result?.windows ?? live?.windowsDone ?? 0,
        windowsTotal: s.result?.windows ?? live?.windowsTotal ?? 0,
        error: s.error,
      };
    }),
  );
  return {
    accounts,
    total: {
      ...parent.total,
      // A parent started before cancelled children were counted answers without the field.
      cancelled: parent.total.cancelled ?? 0,
      records: accounts.reduce((n, a) => n + a.records, 0),
    },
  };
}

function fromResult(parentId: string, result: MultiAccountResult): MultiAccountProgress {
  const names = Object.keys(result.accounts);
  return {
    accounts: names.map((account) => ({
      account,
      workflowId: accountWorkflowId(parentId, account),
      state: 'completed' as const,
      result: result.accounts[account],
    })),
    total: {
      accounts: names.length,
      completed: names.length,
      failed: 0,
      running: 0,
      cancelled: 0,
      records: result.records,
      requests: result.requests,
    },
  };
}
