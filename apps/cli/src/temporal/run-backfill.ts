/**
 * Start (or attach to) a backfill and, unless told not to, watch it to the end. Shared by `backfill` and
 * `demo`. In embedded mode the in-process worker runs here too, and stops with this process; the
 * backfill's state stays in the embedded Temporal's directory, so running the same command again resumes.
 */

import type { BackfillInput, BackfillResult } from '@zcc-sms/temporal';
import type { CliIo } from '../io.ts';
import type { ProgressReporter } from '../progress/reporter.ts';
import { type EmbeddedRunOptions, embeddedWorker, type InProcessWorker } from './in-process-worker.ts';
import { type WatchOutcome, watchBackfill } from './watch-backfill.ts';

export interface RunBackfillOptions extends EmbeddedRunOptions {
  readonly input: BackfillInput;
  readonly io: CliIo;
  readonly reporter: ProgressReporter;
  readonly wait: boolean;
}

export type RunBackfillOutcome = {
  readonly workflowId: string;
  readonly attached: boolean;
  readonly elapsedMs: number;
} & (WatchOutcome | { readonly kind: 'started' });

export async function runBackfill(options: RunBackfillOptions): Promise<RunBackfillOutcome> {
  const { target, say } = options;
  const temporal = await import('@zcc-sms/temporal');
  const started = Date.now();
  let worker: InProcessWorker | undefined;
  try {
    worker = await embeddedWorker(options);
    const { workflowId, attached } = await temporal.startBackfill(target.client, options.input);
    say(
      attached
        ? `Attached to backfill ${workflowId}, which was already running; it continues where it was.`
        : `Started backfill ${workflowId}.`,
    );
    if (!options.wait) return { kind: 'started', workflowId, attached, elapsedMs: Date.now() - started };
    const outcome = await watchBackfill({
      client: target.client,
      workflowId,
      io: options.io,
      reporter: options.reporter,
      detachHint: target.embedded
        ? 'stop now; run the same command again to resume'
        : 'it keeps running on your workers',
      workerDone: worker?.done,
    });
    return { ...outcome, workflowId, attached, elapsedMs: Date.now() - started };
  } finally {
    await worker?.stop();
  }
}

export type { BackfillResult };
