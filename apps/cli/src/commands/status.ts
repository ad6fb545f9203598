/**
 * `zcc-sms status <id>`: a backfill's execution status and progress, as text or `--json`.
 */
import { boolFlag, type Command, type CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { JSON_FLAG } from '../output-flags.ts';
import { boardLines } from '../progress/board.ts';
import { count, duration, instant, rate } from '../progress/format.ts';
import { createRateMeter } from '../progress/rate-meter.ts';
import { snapshotOf } from '../temporal/backfill-snapshot.ts';
import { type BackfillStatusView, readBackfillStatus } from '../temporal/backfill-status.ts';
import { multiAccountText } from '../temporal/run-multi-account.ts';
import { watchStatus } from '../temporal/watch-status.ts';
import { WORKFLOW_COMMAND_FLAGS, withTemporal, workflowIdOf } from '../temporal/workflow-command.ts';

/** Workflow ids of multi-account backfills (`multiAccountBackfillId`). */
const MULTI_ACCOUNT_PREFIX = 'zcc-sms-accounts-';

export function statusText(s: BackfillStatusView, now: number): string {
  const lines = [`Backfill ${s.workflowId}`, `  Status     ${s.status}${s.state ? ` (${s.state})` : ''}`];
  if (s.windowsTotal !== undefined) {
    const running = s.windowsRunning?.length ? ` (${s.windowsRunning.length} running)` : '';
    lines.push(`  Windows    ${s.windowsDone ?? 0}/${s.windowsTotal} done${running}`);
  }
  if (s.recordsWritten !== undefined) {
    const inFlight = s.recordsInFlight ? ` (+ ${count(s.recordsInFlight)} in windows not yet published)` : '';
    lines.push(`  Records    ${count(s.recordsWritten)}${inFlight}`);
  }
  if (s.requests !== undefined)
    lines.push(`  Requests   ${count(s.requests + (s.requestsInFlight ?? 0))} at ${rate(s.rate ?? 0)}/s`);
  if (s.waitingUntil !== undefined)
    lines.push(
      `  Waiting    for the daily quota until ${instant(s.waitingUntil)} (${duration(s.waitingUntil - now)})`,
    );
  if (s.etaMs !== undefined && s.status === 'RUNNING') lines.push(`  ETA        ${duration(s.etaMs)}`);
  if (s.startedAt !== undefined) lines.push(`  Started    ${instant(s.startedAt)}`);
  if (s.finishedAt !== undefined)
    lines.push(
      `  Finished   ${instant(s.finishedAt)} (${duration(s.finishedAt - (s.startedAt ?? s.finishedAt))})`,
    );
  for (const f of s.windowsFailed ?? [])
    lines.push(`  Failed     window ${f.windowId}: ${f.type}: ${f.message}`);
  for (const r of s.retrying ?? [])
    lines.push(`  Retrying   window ${r.windowId} (attempt ${r.attempt}) after ${r.lastFailure}`);
  if (s.failure) lines.push(`  Failure    ${s.failure}`);
  if (s.note) lines.push(`  Note       ${s.note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The status, then — while the backfill runs and its progress is known — the same display `backfill`
 * shows live (bar, rate against the limit, quota left, ETA, one line per window in flight or retrying).
 */
export function statusReport(s: BackfillStatusView, now: number): string {
  const text = statusText(s, now);
  if (s.status !== 'RUNNING' || s.windowsTotal === undefined) return text;
  const board = boardLines(snapshotOf(s, createRateMeter(), now), now);
  return `${text}\n${board.join('\n')}\n`;
}

async function run(ctx: CommandContext): Promise<number> {
  const id = workflowIdOf(ctx, 'status');
  if (id.startsWith(MULTI_ACCOUNT_PREFIX)) {
    // A multi-account backfill: every account's progress (its child's live figures) and the total.
    const progress = await withTemporal(ctx, async (target) =>
      (await import('@zcc-sms/temporal')).getMultiAccountProgress(target.client, id),
    );
    ctx.io.stdout.write(
      boolFlag(ctx.flags, 'json')
        ? `${JSON.stringify({ workflowId: id, ...progress })}\n`
        : multiAccountText(id, progress),
    );
    return EXIT.ok;
  }
  const json = boolFlag(ctx.flags, 'json');
  const status = await withTemporal(ctx, (target) =>
    boolFlag(ctx.flags, 'watch')
      ? watchStatus(ctx, target.client, id)
      : readBackfillStatus(target.client, id),
  );
  ctx.io.stdout.write(json ? `${JSON.stringify(status)}\n` : statusReport(status, Date.now()));
  return EXIT.ok;
}

export const statusCommand: Command = {
  name: 'status',
  summary: "A backfill's status and progress (--json for scripts)",
  usage: 'status <workflow-id> [--watch] [--json] [--temporal-address HOST:PORT] [--namespace NS]',
  description: `
Prints Temporal's execution status (RUNNING, COMPLETED, FAILED, CANCELLED, …) and the progress: windows,
records, requests, rate, the daily-quota wait and the ETA, each window that failed for good and each
window being retried, with its cause (Zoom's message and tracking id, or the sink's error). --json prints one object with workflowId,
status and the progress fields. --watch redraws the live display (as \`backfill\` shows it) until the
backfill ends or Ctrl-C, then prints the status. Without --temporal-address, the embedded Temporal of
./.zcc-sms/.`,
  flags: {
    watch: {
      type: 'boolean',
      description:
        'Redraw the progress display every second until the backfill ends (plain lines when not a terminal)',
      group: 'Output',
    },
    ...JSON_FLAG,
    ...WORKFLOW_COMMAND_FLAGS,
  },
  positionals: ['workflow-id'],
  examples: [
    'zcc-sms status zcc-sms-backfill-2025-01-01..2025-12-31-3f9c0a1e5b7d2c44',
    'zcc-sms status "$ID" --watch --temporal-address temporal.internal:7233',
    'zcc-sms status "$ID" --json --temporal-address temporal.internal:7233 | jq .status',
  ],
  run,
};
