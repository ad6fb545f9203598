/**
 * `zcc-sms plan`: what an export or backfill will cost before it starts. One `page_size=1` probe per month
 * gives `total_records`; from that the core's cost estimate: requests, time at the per-second limit, days of daily
 * quota at the chosen share, and the expected finish with daily-quota pauses included.
 */
import { type ExportPlan, planExport } from '@zcc-sms/core';
import {
  BUDGET_FLAGS,
  budgetFromFlags,
  FAVOR_FLAG,
  favorFromFlags,
  positiveNumber,
} from '../budget-flags.ts';
import { flagError } from '../cli-error.ts';
import { boolFlag, type Command, type CommandContext, stringFlag } from '../command.ts';
import { loadEnv, ZOOM_FLAGS, zoomConfig } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { JSON_FLAG } from '../output-flags.ts';
import { count, duration, instant } from '../progress/format.ts';
import { FILTER_FLAGS, queryFromFlags } from '../query-flags.ts';
import { contextLog, stderrLogger } from '../stderr-logger.ts';
import { createCliClient, RETRY_FLAGS } from '../zoom-client.ts';

const FLAGS = {
  ...FILTER_FLAGS,
  ...BUDGET_FLAGS,
  share: {
    type: 'string',
    value: 'F',
    description: "Share of the account's limits this job may use, above 0 and at most 1 (default 1)",
    group: 'Rate limits',
  },
  ...FAVOR_FLAG,
  ...JSON_FLAG,
  ...RETRY_FLAGS,
  ...ZOOM_FLAGS,
} as const;

function shareFlag(ctx: CommandContext): number | undefined {
  const share = positiveNumber(ctx.flags, 'share', { integer: false });
  if (share !== undefined && share > 1) {
    throw flagError('--share', stringFlag(ctx.flags, 'share'), 'is above 1', 'use a fraction such as 0.5');
  }
  return share;
}

/** The plan's cost estimate as a table: one row per month, then the totals. */
export function planText(p: ExportPlan, share: number): string {
  const { estimate } = p;
  const rows = estimate.months.map((m) => [m.month, count(m.records), count(m.requests)]);
  rows.push(['total', count(estimate.totalRecords), count(estimate.totalRequests)]);
  const widths = [7, ...[1, 2].map((c) => Math.max(8, ...rows.map((r) => r[c]!.length)))];
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const split = p.windows.length - estimate.months.length;
  return [
    line(['month', 'records', 'requests']),
    ...rows.slice(0, -1).map(line),
    line(rows.at(-1)!),
    '',
    `Requests         ${count(estimate.totalRequests)} (${count(estimate.probeRequests)} more were spent on this plan's probes)`,
    `At the limit     ${duration(estimate.secondsAtRateLimit * 1000)} at ${estimate.limits.perSecond} requests/s${share < 1 ? ` (${share} of the account's limit)` : ''}`,
    `Daily quota      ${estimate.quotaDays.toFixed(2)} days of ${count(estimate.limits.daily)} requests/day`,
    `Expected finish  ${instant(estimate.expectedFinish)} if started now (daily-quota pauses included)`,
    `Windows          ${p.windows.length}${split > 0 ? ` (busy months split; ${split} more than months)` : ''}, ${p.concurrency} cursors at once (idle cursors split the busiest while paging)`,
    '',
  ].join('\n');
}

async function run(ctx: CommandContext): Promise<number> {
  const { io, flags } = ctx;
  const env = loadEnv(ctx);
  const query = queryFromFlags(flags);
  const limits = budgetFromFlags(flags);
  const share = shareFlag(ctx);
  const favor = favorFromFlags(flags, 'time');
  const config = zoomConfig(env, flags, ctx.redactor);
  const client = createCliClient({
    config,
    flags,
    logger: stderrLogger(contextLog(ctx), ctx.debug),
    budget: { ...limits, share, onDailyQuota: 'throw' },
  });
  try {
    // The export splits lazily (`--split steal`): its expected split pages are in the estimate.
    const planned = await planExport(client, query, { favor, prefetch: false, split: 'steal' });
    if (boolFlag(flags, 'json')) {
      const { estimate } = planned;
      io.stdout.write(
        `${JSON.stringify({
          months: estimate.months,
          totalRecords: estimate.totalRecords,
          totalRequests: estimate.totalRequests,
          probeRequests: estimate.probeRequests,
          secondsAtRateLimit: estimate.secondsAtRateLimit,
          quotaDays: estimate.quotaDays,
          expectedFinish: new Date(estimate.expectedFinish).toISOString(),
          limits: estimate.limits,
          windows: planned.windows.length,
          concurrency: planned.concurrency,
          favor,
        })}\n`,
      );
    } else {
      io.stdout.write(planText(planned, share ?? 1));
    }
    return EXIT.ok;
  } finally {
    await client.close();
  }
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'What an export or backfill will cost: requests, time, days of quota, finish',
  usage: 'plan --from DATE --to DATE [filters] [--plan pro|business] [--share F] [--json]',
  description: `
Probes each month once (page_size=1 returns total_records) and prints, per month and in total, the
records and the requests needed at 100 records a request; the time at the per-second limit; the days of
daily quota at the chosen share; and when the job would finish if started now, pausing at each spent
daily quota until 00:00 UTC. The export runs as many cursors as keep the rate limit busy; a cursor with
nothing left to do takes the lower part of the busiest cursor's range while paging, at about one page per
split: the expected split pages are counted in the requests.`,
  flags: FLAGS,
  examples: [
    'zcc-sms plan --from 2025-01-01 --to 2025-12-31 --plan pro',
    'zcc-sms plan --from 2024-01-01 --to 2025-12-31 --plan business --share 0.5 --json',
  ],
  run,
};
