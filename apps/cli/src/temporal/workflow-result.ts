/**
 * Waiting for a workflow's result across a flaky long poll. `handle.result()` long-polls the workflow's
 * history; the SDK's connection retries UNAVAILABLE and a few other gRPC codes by itself, but not
 * DEADLINE_EXCEEDED or INTERNAL, which a busy or just-restarted Temporal may answer to a long poll, nor
 * UNAVAILABLE past its own ten tries. On a loaded CI machine a backfill re-attached to an embedded Temporal
 * restarted from its state file once ended "Unexpected error: Failed to get Workflow execution history"
 * while the backfill itself ran on (the gRPC status was not printed then; `grpcDetail` prints it now).
 * Asking again is always safe — the workflow does not depend on who waits for it — and the wait stays
 * bounded: after `attempts` failures in a row the last one is the answer. A failure after a poll that
 * ran for `healthyMs` starts a new row: Temporal answered until then.
 */
import { timerSleep } from '@zcc-sms/core/node';
import { CliError } from '../cli-error.ts';
import { EXIT } from '../exit-codes.ts';

/** gRPC status codes worth asking again for (names as gRPC spells them, for the user's message). */
const TRANSIENT_CODES: Readonly<Record<number, string>> = {
  2: 'UNKNOWN',
  4: 'DEADLINE_EXCEEDED',
  8: 'RESOURCE_EXHAUSTED',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
};

const CODE_NAMES: Readonly<Record<number, string>> = {
  ...TRANSIENT_CODES,
  1: 'CANCELLED',
  3: 'INVALID_ARGUMENT',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  9: 'FAILED_PRECONDITION',
  12: 'UNIMPLEMENTED',
  16: 'UNAUTHENTICATED',
};

interface GrpcStatus {
  readonly code: number;
  readonly details: string;
}

/** The gRPC status under a Temporal client `ServiceError` (its `cause`), if that is what `error` is. */
function grpcStatusOf(error: unknown): GrpcStatus | undefined {
  if (!(error instanceof Error) || error.name !== 'ServiceError') return undefined;
  const cause = error.cause as { code?: unknown; details?: unknown } | undefined;
  if (typeof cause?.code !== 'number') return undefined;
  return { code: cause.code, details: typeof cause.details === 'string' ? cause.details : '' };
}

/** `(DEADLINE_EXCEEDED: context deadline exceeded)` for a Temporal `ServiceError`, '' for anything else. */
export function grpcDetail(error: unknown): string {
  const status = grpcStatusOf(error);
  if (status === undefined) return '';
  const name = CODE_NAMES[status.code] ?? `code ${status.code}`;
  return ` (${name}${status.details ? `: ${status.details}` : ''})`;
}

/** A Temporal call that failed in a way the same call may not fail again (not "workflow not found"). */
function isTransientTemporalError(error: unknown): boolean {
  const status = grpcStatusOf(error);
  return status !== undefined && TRANSIENT_CODES[status.code] !== undefined;
}

/** The pause before asking again after the `failure`-th failure in a row: 1, 2, 4, 8 s, then 15 s. */
function resultRetryDelayMs(failure: number): number {
  return Math.min(15_000, 1_000 * 2 ** (failure - 1));
}

export interface ResultWaitOptions {
  /** Stops the wait: the failure it causes is the answer, never asked again. */
  readonly signal?: AbortSignal | undefined;
  /** Failures in a row before the last one is the answer. */
  readonly attempts?: number;
  /** A poll that ran this long before failing starts a new row. */
  readonly healthyMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The core's sleep, ending at once when `signal` aborts (the caller then looks at the signal). */
function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return timerSleep(ms, signal).catch(() => undefined);
}

/** `poll()` (a `handle.result()`), asked again after a transient Temporal failure; see the header. */
export async function awaitWorkflowResult<T>(
  poll: () => Promise<T>,
  options: ResultWaitOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 6;
  const healthyMs = options.healthyMs ?? 30_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepUnlessAborted;
  let failures = 0;
  for (;;) {
    const started = now();
    try {
      return await poll();
    } catch (error) {
      if (options.signal?.aborted || !isTransientTemporalError(error)) throw error;
      failures = now() - started >= healthyMs ? 1 : failures + 1;
      if (failures >= attempts) throw error;
      await sleep(resultRetryDelayMs(failures), options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

/**
 * What the user sees when the wait gave up on a transient failure: the workflow was not the one that
 * failed, so say that its progress is kept and how to pick it up (exit 5, like an unreachable Temporal).
 * Any other error is returned as it is.
 */
export function lostTrackError(what: string, workflowId: string, error: unknown): unknown {
  if (!isTransientTemporalError(error)) return error;
  return new CliError(
    `Temporal stopped answering while waiting for ${what} ${workflowId}: ${(error as Error).message}${grpcDetail(error)}. Its progress is kept: run the same command again to attach to it, or \`zcc-sms status ${workflowId}\` to see it.`,
    EXIT.unreachable,
    { cause: error },
  );
}
