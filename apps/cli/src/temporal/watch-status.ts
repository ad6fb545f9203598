/**
 * `zcc-sms status --watch`: polls a backfill every second and redraws the progress display (on a
 * terminal; plain lines every few seconds elsewhere, JSON progress events with `--log-format json`) until
 * it is no longer running or Ctrl-C, and returns the last status for the final report. Only watches: it
 * never starts, detaches or cancels anything, so Ctrl-C just stops watching.
 */
import type { Client } from '@temporalio/client';
import type { CommandContext } from '../command.ts';
import { reporterIn } from '../output-flags.ts';
import { createRateMeter } from '../progress/rate-meter.ts';
import { snapshotOf } from './backfill-snapshot.ts';
import { type BackfillStatusView, readBackfillStatus } from './backfill-status.ts';

export async function watchStatus(
  ctx: CommandContext,
  client: Client,
  workflowId: string,
  pollMs = 1_000,
): Promise<BackfillStatusView> {
  const tty = ctx.io.stderr.isTTY === true;
  // Asked for: shown even when stderr is not a terminal.
  const reporter = reporterIn(ctx, ctx.logFormat === 'json' ? 'json' : tty ? 'live' : 'lines');
  const meter = createRateMeter(20_000);
  const stop = ctx.io.interrupt.signal;
  try {
    for (;;) {
      const status = await readBackfillStatus(client, workflowId, 3_000);
      if (status.status !== 'RUNNING' || stop.aborted) return status;
      if (status.windowsTotal !== undefined) reporter.update(snapshotOf(status, meter, Date.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        stop.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  } finally {
    reporter.stop();
  }
}
