/**
 * Client helpers for the CLI and for programs: start (or attach to) a backfill, pause, resume, cancel
 * (its progress: backfill-progress.ts). The workflow id is derived from (account, range, filters, sink), so the same backfill
 * cannot run twice at once: a second start attaches to the running one (or is refused).
 */
import { createHash } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import {
  checkConcurrency,
  checkPageSize,
  isRatePlanName,
  monthWindows,
  parseSmsFilters,
  RATE_PLANS,
  validateRateBudgetOptions,
  ZoomInputError,
} from '@zcc-sms/core';
import { stableJson } from './stable-json.ts';
import { type BackfillInput, type BackfillResult, DEFAULT_TASK_QUEUE } from './types.ts';
import { pauseSignal, resumeSignal } from './workflows/definitions.ts';
import type { smsBackfill } from './workflows/index.ts';
import { MULTI_ACCOUNT_WORKFLOW, multiAccountProgressQuery } from './workflows/multi-account-query.ts';

/**
 * The workflow id of a backfill: readable range plus a hash of everything that defines it.
 *
 * @example
 * backfillId({ account: 'abc', from: '2025-01-01', to: '2025-12-31', sink: { type: 'ndjson', dir: './sms' } })
 * // 'zcc-sms-backfill-2025-01-01..2025-12-31-3f9c0a1e5b7d2c44'
 */
export function backfillId(
  input: Pick<BackfillInput, 'account' | 'from' | 'to' | 'filters' | 'sink'>,
): string {
  const key = stableJson({
    account: input.account ?? null,
    from: input.from,
    to: input.to,
    filters: input.filters ?? {},
    sink: input.sink,
  });
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `zcc-sms-backfill-${input.from}..${input.to}-${hash}`;
}

/** Options of `startBackfill`: the task queue and what to do when the same backfill already runs. */
export interface StartBackfillOptions {
  /** Default `zcc-sms` (`DEFAULT_TASK_QUEUE`). */
  readonly taskQueue?: string | undefined;
  /** `attach` (default): a running backfill with the same id is returned; `fail`: refused with an error. */
  readonly onConflict?: 'attach' | 'fail' | undefined;
}

/** A started (or attached) backfill: its workflow id and handle. */
export interface StartedBackfill {
  /** The backfill id (`backfillId(input)`). */
  readonly workflowId: string;
  /** The workflow's handle: `result()`, `query`, `signal`. */
  readonly handle: WorkflowHandle<typeof smsBackfill>;
  /** True when the same backfill was already running and this call attached to it. */
  readonly attached: boolean;
  /** Run id of the execution this call started (absent when attached). */
  readonly runId?: string | undefined;
}

/**
 * Thrown by `startBackfill({ onConflict: 'fail' })` when the same backfill is already running.
 *
 * @example
 * try {
 *   await startBackfill(client, input, { onConflict: 'fail' });
 * } catch (error) {
 *   if (error instanceof BackfillAlreadyRunningError) console.error(`already running: ${error.workflowId}`);
 * }
 */
export class BackfillAlreadyRunningError extends Error {
  /** The class name as a literal, so it survives bundling. */
  override readonly name = 'BackfillAlreadyRunningError';
  /** The running backfill. */
  readonly workflowId: string;
  constructor(workflowId: string) {
    super(
      `A backfill with the same account, range, filters and sink is already running (workflow ${workflowId}); attach to it or cancel it first`,
    );
    this.workflowId = workflowId;
  }
}

/**
 * Validates the input (clear errors before anything starts), then starts the workflow. A backfill that
 * completed or failed may be started again (the sink drops what it already has).
 *
 * @example
 * const { handle } = await startBackfill(client, { from: '2025-01-01', to: '2025-12-31', sink: { type: 'ndjson', dir: './sms' } });
 * const result = await handle.result();
 */
export async function startBackfill(
  client: Client,
  input: BackfillInput,
  options: StartBackfillOptions = {},
): Promise<StartedBackfill> {
  validateInput(input);
  const workflowId = backfillId(input);
  try {
    const handle = await client.workflow.start<typeof smsBackfill>('smsBackfill', {
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    return { workflowId, handle, attached: false, runId: handle.firstExecutionRunId };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    if (options.onConflict === 'fail') throw new BackfillAlreadyRunningError(workflowId);
    return { workflowId, handle: client.workflow.getHandle<typeof smsBackfill>(workflowId), attached: true };
  }
}

function validateInput(input: BackfillInput): void {
  try {
    monthWindows(input.from, input.to);
  } catch (error) {
    // core's window split names the bound it rejects; anything else is not an input mistake.
    if (!(error instanceof ZoomInputError)) throw error;
    throw new ZoomInputError(error.field, error.value, 'is not a valid range bound', error.message);
  }
  parseSmsFilters(input.filters ?? {});
  if (!input.sink || typeof input.sink.type !== 'string') {
    throw new ZoomInputError(
      'sink',
      input.sink,
      'is missing',
      "pass { type: 'ndjson', dir } or { type: 'postgres', table }",
    );
  }
  const pageSize = input.options?.pageSize;
  if (pageSize !== undefined) checkPageSize('pageSize', pageSize);
  const concurrency = input.options?.windowConcurrency;
  if (concurrency !== undefined) checkConcurrency('windowConcurrency', concurrency);
  const ratePlan = input.options?.rate?.plan;
  if (ratePlan !== undefined && !isRatePlanName(ratePlan)) {
    throw new ZoomInputError(
      'rate.plan',
      ratePlan,
      'is not a Zoom rate plan',
      `use ${Object.keys(RATE_PLANS).join(' or ')}`,
    );
  }
  // perSecond above 0, share in (0, 1], whole daily quotas: the worker's budget would refuse them later,
  // after the workflow started; here the user sees the field before anything runs.
  validateRateBudgetOptions(input.options?.rate ?? {});
  const favor = input.options?.favor;
  if (favor !== undefined && favor !== 'time' && favor !== 'quota') {
    throw new ZoomInputError(
      'favor',
      favor,
      'is not a policy',
      "use 'quota' (never spend an extra request; the default) or 'time' (up to 5 % extra requests to finish sooner)",
    );
  }
  const plan = input.options?.plan;
  if (plan !== undefined && typeof plan !== 'boolean') {
    throw new ZoomInputError('plan', plan, 'is not a boolean', 'use true (probe and plan first) or false');
  }
}

/**
 * Stops launching windows and cancels those in flight; they resume from their checkpoints on `resume`.
 *
 * @example
 * await pauseBackfill(client, workflowId);
 * // later: await resumeBackfill(client, workflowId);
 */
export async function pauseBackfill(client: Client, workflowId: string): Promise<void> {
  await signalBackfills(client, workflowId, pauseSignal);
}

/**
 * Launches windows again after `pauseBackfill`; paused windows continue from their checkpoints.
 *
 * @example
 * await resumeBackfill(client, backfillId(input));
 */
export async function resumeBackfill(client: Client, workflowId: string): Promise<void> {
  await signalBackfills(client, workflowId, resumeSignal);
}

/**
 * Signals the backfill; for a multi-account backfill, each of its children still running (the parent only
 * waits for them: pausing is theirs).
 */
async function signalBackfills(
  client: Client,
  workflowId: string,
  signal: typeof pauseSignal | typeof resumeSignal,
): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  if ((await handle.describe()).type !== MULTI_ACCOUNT_WORKFLOW) {
    await handle.signal(signal);
    return;
  }
  const progress = await handle.query(multiAccountProgressQuery);
  const running = progress.accounts.filter((a) => a.state === 'running');
  await Promise.all(running.map((a) => client.workflow.getHandle(a.workflowId).signal(signal)));
}

/**
 * Cancels the backfill; windows stop at a page boundary, published windows stay, no half file is left.
 * A multi-account backfill cancels every child and ends cancelled.
 *
 * @example
 * await cancelBackfill(client, workflowId);
 */
export async function cancelBackfill(client: Client, workflowId: string): Promise<void> {
  await client.workflow.getHandle(workflowId).cancel();
}

/**
 * Waits for the result of a backfill.
 *
 * @example
 * const { records, windows } = await backfillResult(client, workflowId);
 * console.log(`${records} records in ${windows} windows`);
 */
export async function backfillResult(client: Client, workflowId: string): Promise<BackfillResult> {
  return await client.workflow.getHandle<typeof smsBackfill>(workflowId).result();
}
