/**
 * `backfill --accounts FILE`: one parent workflow, one child backfill per account (the temporal package's
 * `smsMultiAccountBackfill`). In embedded mode the in-process worker holds the file's credentials; with
 * `--temporal-address` your workers hold them (`ZOOM_ACCOUNTS_FILE`) and the file only names the accounts.
 */
import type { MultiAccountBackfillInput, MultiAccountLiveProgress, ZoomAccounts } from '@zcc-sms/temporal';
import { count } from '../progress/format.ts';
import { type EmbeddedRunOptions, embeddedWorker, type InProcessWorker } from './in-process-worker.ts';
import { awaitWorkflowResult, lostTrackError } from './workflow-result.ts';

export interface RunMultiAccountOptions extends EmbeddedRunOptions {
  readonly input: MultiAccountBackfillInput;
  readonly accounts: ZoomAccounts;
  readonly wait: boolean;
  /** How often progress is read and said (ms). Default 2 s. */
  readonly everyMs?: number | undefined;
}

export type MultiAccountOutcome =
  | { readonly kind: 'started'; readonly workflowId: string }
  | {
      readonly kind: 'done';
      readonly workflowId: string;
      readonly progress: MultiAccountLiveProgress;
      readonly failure?: string;
    };

/** One line per account plus the total, for the summary and `status`. */
export function multiAccountText(workflowId: string, p: MultiAccountLiveProgress): string {
  const width = Math.max(7, ...p.accounts.map((a) => a.account.length));
  const lines = [`Multi-account backfill ${workflowId}`];
  for (const a of p.accounts) {
    const windows = a.windowsTotal ? `${a.windowsDone}/${a.windowsTotal} windows` : '';
    const error = a.error ? `  ${a.error}` : '';
    lines.push(
      `  ${a.account.padEnd(width)}  ${a.state.padEnd(9)}  ${count(a.records).padStart(9)} records  ${windows}${error}`,
    );
  }
  const t = p.total;
  lines.push(
    `  ${'total'.padEnd(width)}  ${`${t.completed}/${t.accounts}`.padEnd(9)}  ${count(t.records).padStart(9)} records  ${t.failed} failed, ${t.running} running${t.cancelled ? `, ${t.cancelled} cancelled` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export async function runMultiAccountBackfill(options: RunMultiAccountOptions): Promise<MultiAccountOutcome> {
  const temporal = await import('@zcc-sms/temporal');
  const { target, say } = options;
  let worker: InProcessWorker | undefined;
  try {
    worker = await embeddedWorker(options);
    let workerError: unknown;
    // The in-process worker stopping on its own (lost connection) would leave the loop waiting for ever.
    worker?.done.then(
      () => {
        workerError ??= new Error('the in-process worker stopped');
      },
      (error: unknown) => {
        workerError = error;
      },
    );
    const { workflowId, handle } = await temporal.startMultiAccountBackfill(target.client, options.input);
    say(`Started multi-account backfill ${workflowId} (${options.input.accounts.length} accounts).`);
    if (!options.wait) return { kind: 'started', workflowId };
    // The workflow's own failure is its outcome; failing to learn the outcome (Temporal unreachable) is not.
    const result = awaitWorkflowResult(() => handle.result()).then(
      () => undefined,
      (error: unknown) => {
        if ((error as Error | undefined)?.name !== 'WorkflowFailedError')
          throw lostTrackError('multi-account backfill', workflowId, error);
        return (error as { cause?: Error }).cause?.message ?? String(error);
      },
    );
    let last = '';
    for (;;) {
      const settled = await Promise.race([
        result.then((failure) => ({ failure })),
        new Promise<undefined>((r) => setTimeout(() => r(undefined), options.everyMs ?? 2_000)),
      ]);
      const progress = await temporal.getMultiAccountProgress(target.client, workflowId);
      if (settled) return { kind: 'done', workflowId, progress, failure: settled.failure };
      const line = `${progress.total.completed}/${progress.total.accounts} accounts done, ${count(progress.total.records)} records`;
      if (line !== last) say(line);
      last = line;
      if (workerError !== undefined) throw workerError;
    }
  } finally {
    await worker?.stop();
  }
}
