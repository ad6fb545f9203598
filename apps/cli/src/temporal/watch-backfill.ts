/**
 * Watching a running backfill: the live progress line (polled from the workflow every second), the
 * result when it ends, and Ctrl-C — which asks whether to detach (the backfill keeps its state and
 * resumes later) or cancel it. Without a terminal to ask on, Ctrl-C detaches: nothing is lost that way.
 */
import type { Client } from '@temporalio/client';
import type { BackfillResult } from '@zcc-sms/temporal';
import { ask, canAsk } from '../ask.ts';
import type { CliIo } from '../io.ts';
import { createRateMeter } from '../progress/rate-meter.ts';
import type { ProgressReporter } from '../progress/reporter.ts';
import { snapshotOf } from './backfill-snapshot.ts';
import { readBackfillStatus } from './backfill-status.ts';
import { backfillFailure } from './workflow-failure.ts';
import { awaitWorkflowResult, lostTrackError } from './workflow-result.ts';

export type WatchOutcome =
  | { readonly kind: 'completed'; readonly result: BackfillResult }
  | { readonly kind: 'detached' }
  | { readonly kind: 'cancelled' };

export interface WatchOptions {
  readonly client: Client;
  readonly workflowId: string;
  readonly io: CliIo;
  readonly reporter: ProgressReporter;
  /** What "detach" means here, for the question (embedded: stops until the command runs again). */
  readonly detachHint: string;
  /** Rejects when the in-process worker dies: stop watching then. */
  readonly workerDone?: Promise<void> | undefined;
  readonly pollMs?: number;
}

export async function watchBackfill(options: WatchOptions): Promise<WatchOutcome> {
  const { client, workflowId, io, reporter } = options;
  const handle = client.workflow.getHandle(workflowId);
  const meter = createRateMeter(20_000);
  let stopPolling = false;
  let asking = false;
  let settle: ((outcome: WatchOutcome | { kind: 'error'; error: unknown }) => void) | undefined;
  const decided = new Promise<WatchOutcome | { kind: 'error'; error: unknown }>((resolve) => {
    settle = resolve;
  });

  // Each cause is printed once, when it first shows: a failing window must not stay silent.
  const told = new Set<string>();
  const tell = (key: string, line: string, fields: Record<string, unknown>) => {
    if (told.has(key)) return;
    told.add(key);
    reporter.log('warn', line, fields);
  };
  const poll = (async () => {
    while (!stopPolling) {
      try {
        const status = await readBackfillStatus(client, workflowId, 3_000);
        for (const f of status.windowsFailed ?? [])
          tell(`failed:${f.windowId}`, `Window ${f.windowId} failed: ${f.type}: ${f.message}`, {
            window: f.windowId,
          });
        for (const r of status.retrying ?? [])
          tell(
            `retry:${r.windowId}:${r.lastFailure}`,
            `Window ${r.windowId} is being retried (attempt ${r.attempt}) after ${r.lastFailure}`,
            { window: r.windowId, attempt: r.attempt },
          );
        if (!stopPolling && status.status === 'RUNNING' && status.windowsTotal !== undefined) {
          reporter.update(snapshotOf(status, meter, Date.now()));
        }
      } catch {
        // A missed poll only delays the display; the result below is what counts.
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1_000));
    }
  })();

  // The result is a long poll; abort it when we stop watching, before the connection closes under it.
  const resultAbort = new AbortController();
  awaitWorkflowResult(() => client.withAbortSignal(resultAbort.signal, () => handle.result()), {
    signal: resultAbort.signal,
  }).then(
    (result: BackfillResult) => settle?.({ kind: 'completed', result }),
    (error: unknown) => {
      if (!resultAbort.signal.aborted) settle?.({ kind: 'error', error });
    },
  );
  options.workerDone?.then(
    () => undefined,
    (error: unknown) => settle?.({ kind: 'error', error }),
  );

  const cancel = async (): Promise<void> => {
    reporter.message(
      `Cancelling backfill ${workflowId}; windows stop at a page boundary and published windows stay…`,
    );
    const { cancelBackfill } = await import('@zcc-sms/temporal');
    await cancelBackfill(client, workflowId);
    // Let the worker carry the cancellation out before this process (and an embedded worker) stops.
    await Promise.race([
      awaitWorkflowResult(() => handle.result()).catch(() => undefined),
      new Promise((r) => setTimeout(r, 30_000)),
    ]);
  };
  const restore = io.interrupt.intercept(() => {
    if (asking) {
      // A second Ctrl-C while asking: detach at once.
      settle?.({ kind: 'detached' });
      return;
    }
    if (!canAsk(io)) {
      settle?.({ kind: 'detached' });
      return;
    }
    asking = true;
    reporter.hold(true);
    void ask(
      io,
      `\nBackfill ${workflowId} is still running. [d]etach (${options.detachHint}), [c]ancel it, or keep [w]atching? [d/c/W] `,
      'w',
    ).then(async (answer) => {
      asking = false;
      reporter.hold(false);
      if (answer === 'd') settle?.({ kind: 'detached' });
      else if (answer === 'c') {
        await cancel();
        settle?.({ kind: 'cancelled' });
      }
    });
  });

  try {
    const outcome = await decided;
    if (outcome.kind === 'error') {
      const name = (outcome.error as Error | undefined)?.name;
      if (
        name === 'WorkflowFailedError' &&
        (outcome.error as { cause?: { name?: string } }).cause?.name === 'CancelledFailure'
      ) {
        return { kind: 'cancelled' };
      }
      throw name === 'WorkflowFailedError'
        ? backfillFailure(workflowId, outcome.error)
        : lostTrackError('backfill', workflowId, outcome.error);
    }
    return outcome;
  } finally {
    resultAbort.abort();
    stopPolling = true;
    restore();
    reporter.stop();
    await poll;
  }
}
