/**
 * A failed backfill as the user sees it: the innermost application failure's type decides the exit code
 * (the same table as `export`), its message is the line printed.
 */
import { causeChain } from '@zcc-sms/core';
import { FAILURE_TYPES } from '@zcc-sms/temporal/names';
import { CliError } from '../cli-error.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

interface FailureLike {
  readonly message: string;
  readonly type?: string | null | undefined;
  readonly cause?: unknown;
}

// Keyed by the failure types the workflow and activities raise (@zcc-sms/temporal's FAILURE_TYPES).
const CODES: Readonly<Record<string, ExitCode>> = {
  [FAILURE_TYPES.input]: EXIT.usage,
  [FAILURE_TYPES.sinkConfig]: EXIT.usage,
  [FAILURE_TYPES.accountMismatch]: EXIT.usage,
  [FAILURE_TYPES.credentials]: EXIT.credentials,
  [FAILURE_TYPES.permission]: EXIT.credentials,
  [FAILURE_TYPES.dailyQuota]: EXIT.dailyQuota,
  // Not a workflow failure type: the core's error class, when a network failure ends the activity's retries.
  ZoomNetworkError: EXIT.unreachable,
};

/**
 * The innermost `Error` of the chain (core's `causeChain`, bounded like every other walk): Temporal nests
 * `WorkflowFailedError` → `ActivityFailure` → `ApplicationFailure`, and the last one says what went wrong.
 */
export function innermostError(error: unknown): (Error & FailureLike) | undefined {
  let found: (Error & FailureLike) | undefined;
  for (const link of causeChain(error)) {
    if (!(link instanceof Error)) break;
    found = link as Error & FailureLike;
  }
  return found;
}

/** Converts a workflow failure (WorkflowFailedError and its causes) into a CLI error. */
export function backfillFailure(workflowId: string, error: unknown): CliError {
  const root = innermostError(error);
  const type = root?.type ?? (root instanceof Error ? root.name : undefined);
  const code = (type ? CODES[type] : undefined) ?? EXIT.failure;
  const reason = root?.message ?? String(error);
  return new CliError(`Backfill ${workflowId} failed: ${reason}`, code, { cause: error });
}
