/**
 * Start (or attach to) a backfill and, unless told not to, watch it to the end. Shared by `backfill` and
 * `demo`. In embedded mode the in-process worker runs here too, and stops with this process; the
 * backfill's state stays in the embedded Temporal's directory, so running the same command again resumes.
 */

import type { Logger } from '@zcc-sms/core';
import type { BackfillInput, BackfillResult } from '@zcc-sms/temporal';
import type { ZoomConfig } from '../config.ts';
import type { CliIo } from '../io.ts';
import type { ProgressReporter } from '../progress/reporter.ts';
import type { LogFunction } from '../stderr-logger.ts';
import { type InProcessWorker, startInProcessWorker } from './in-process-worker.ts';
import type { TemporalTarget } from './temporal-target.ts';
import { type WatchOutcome, watchBackfill } from './watch-backfill.ts';

export interface RunBackfillOptions {
  readonly target: TemporalTarget;
  readonly input: BackfillInput;
  readonly io: CliIo;
  readonly reporter: ProgressReporter;
  /** Required in embedded mode (the in-process worker's credentials). */
  readonly zoom?: ZoomConfig | undefined;
  readonly postgres: Readonly<Record<string, string>>;
  readonly windows: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly wait: boolean;
  readonly logger?: Logger | undefined;
  readonly say: (text: string) => void;
  /** Log events of the in-process worker's SDK runtime. */
  readonly log: LogFunction;
  readonly debug: boolean;
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
    if (target.embedded) {
      if (!options.zoom) throw new Error('the embedded worker needs the Zoom configuration');
      say('Starting the in-process worker (bundling the workflow code takes a few seconds)…');
      worker = await startInProcessWorker({
        target,
        zoom: options.zoom,
        postgres: options.postgres,
        windows: options.windows,
        env: options.env,
        logger: options.logger,
        log: options.log,
        debug: options.debug,
      });
    }
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
