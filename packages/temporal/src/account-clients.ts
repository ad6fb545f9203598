/**
 * Which Zoom clients a task runs with. A worker holds one account (`ZOOM_*`: the task's `account`, an
 * account id, must match it) or several by name (`ZOOM_ACCOUNTS_FILE`: the task's `account` names one).
 */
import { ApplicationFailure } from '@temporalio/common';
import { ZoomInputError } from '@zcc-sms/core';
import type { ZoomAccountPools } from './account-pools.ts';
import { checkAccount } from './activity-failures.ts';
import { FAILURE_TYPES } from './types.ts';
import type { ZoomClientPool } from './zoom-clients.ts';

/** What `clientsFor` chooses from. */
export interface AccountClientDeps {
  /** The worker's single account's clients. */
  readonly clients?: ZoomClientPool | undefined;
  /** The single account's id; tasks for another account are refused. */
  readonly accountId?: string | undefined;
  /** The worker's named accounts. */
  readonly accounts?: ZoomAccountPools | undefined;
}

/** The client pool for a task's `account`; an account the worker cannot serve fails for good, with the fix. */
export function clientsFor(deps: AccountClientDeps, account: string | undefined): ZoomClientPool {
  const names = deps.accounts?.names() ?? [];
  if (deps.accounts && account !== undefined && names.includes(account)) return deps.accounts.pool(account);
  if (!deps.clients) {
    const problem =
      account === undefined ? 'is not set' : 'is not an account this worker holds credentials for';
    const error = new ZoomInputError(
      'account',
      account ?? '',
      problem,
      `name one of ${names.join(', ')}, or add it to the worker's ZOOM_ACCOUNTS_FILE`,
    );
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.accountMismatch,
      message: error.message,
      nonRetryable: true,
    });
  }
  checkAccount(deps.accountId, account);
  return deps.clients;
}
