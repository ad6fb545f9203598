/**
 * A failed backfill as the user sees it: the innermost application failure's type decides the exit code
 * (the same table as `export`), its message is the line printed.
 */
import { CliError } from '../cli-error.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

interface FailureLike {
  readonly message: string;
  readonly type?: string | null | undefined;
  readonly cause?: unknown;
}

const CODES: Readonly<Record<string, ExitCode>> = {
  ZoomInputError: EXIT.usage,
  SinkConfigError: EXIT.usage,
  AccountMismatch: EXIT.usage,
  ZoomCredentialsError: EXIT.credentials,
  ZoomPermissionError: EXIT.credentials,
  DailyQuota: EXIT.dailyQuota,
  ZoomNetworkError: EXIT.unreachable,
};

function innermost(error: unknown): FailureLike | undefined {
  let current: unknown = error;
  let found: FailureLike | undefined;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    found = current as FailureLike;
    current = (current as FailureLike).cause;
  }
  return found;
}

/** Converts a workflow failure (WorkflowFailedError and its causes) into a CLI error. */
export function backfillFailure(workflowId: string, error: unknown): CliError {
  const root = innermost(error);
  const type = root?.type ?? (root instanceof Error ? root.name : undefined);
  const code = (type ? CODES[type] : undefined) ?? EXIT.failure;
  const reason = root?.message ?? String(error);
  return new CliError(`Backfill ${workflowId} failed: ${reason}`, code, { cause: error });
}
