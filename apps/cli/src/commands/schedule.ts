/**
 * `zcc-sms schedule`: the daily incremental sync as a Temporal Schedule on your Temporal. Each run reads
 * the last day plus an overlap for engagements that completed late; the sink drops what it already has.
 */

import { filtersOf, MAX_CONCURRENCY } from '@zcc-sms/core';
import { BUDGET_FLAGS, budgetFromFlags, positiveNumber } from '../budget-flags.ts';
import { flagError, UsageError } from '../cli-error.ts';
import { boolFlag, type Command, type CommandContext, stringFlag } from '../command.ts';
import { loadEnv } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { FILTER_FLAGS, queryFromFlags } from '../query-flags.ts';
import { parseSinkFlag } from '../temporal/sink-flag.ts';
import { connectTemporal, isRemote } from '../temporal/temporal-target.ts';
import { WORKFLOW_COMMAND_FLAGS } from '../temporal/workflow-command.ts';
import { DEFAULT_SINK, rateShare } from './backfill.ts';

const { from: _from, to: _to, ...FILTERS } = FILTER_FLAGS;
const DAY_MS = 86_400_000;

const FLAGS = {
  id: { type: 'string', value: 'ID', description: 'Schedule id (default zcc-sms-daily)', group: 'Schedule' },
  hour: {
    type: 'string',
    value: 'H',
    description: 'Hour of day, UTC, 0–23 (default 1: after the quota reset at 00:00 UTC)',
    group: 'Schedule',
  },
  'look-back-days': {
    type: 'string',
    value: 'N',
    description: 'Days each run reads (default 1)',
    group: 'Schedule',
  },
  'overlap-days': {
    type: 'string',
    value: 'N',
    description: 'Extra days re-read for late engagements (default 2)',
    group: 'Schedule',
  },
  delete: { type: 'boolean', description: 'Delete the schedule instead of creating it', group: 'Schedule' },
  sink: {
    type: 'string',
    value: 'SINK',
    description: `ndjson:DIR, postgres:URL|NAME or s3://BUCKET/PREFIX (default ${DEFAULT_SINK})`,
    group: 'Output',
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    description: 'Object format of an s3:// sink: ndjson (gzip, default) or parquet',
    group: 'Output',
  },
  table: { type: 'string', value: 'NAME', description: 'PostgreSQL table', group: 'Output' },
  ...FILTERS,
  concurrency: {
    type: 'string',
    value: 'N',
    description: "Windows at once (default: the workflow's plan)",
    group: 'Rate limits',
  },
  plan: BUDGET_FLAGS.plan!,
  'max-rps': BUDGET_FLAGS['max-rps']!,
  'account-id': {
    type: 'string',
    value: 'ID',
    description: 'Zoom account the schedule is for (ZOOM_ACCOUNT_ID)',
    group: 'Zoom connection',
  },
  ...WORKFLOW_COMMAND_FLAGS,
} as const;

function days(ctx: CommandContext, flag: string, fallback: number): number {
  return positiveNumber(ctx.flags, flag, { integer: false, max: 366 }) ?? fallback;
}

async function run(ctx: CommandContext): Promise<number> {
  const { io, flags } = ctx;
  const env = loadEnv(ctx);
  if (!isRemote(flags, env)) {
    throw new UsageError(
      'schedule needs a Temporal that keeps running: pass --temporal-address (or TEMPORAL_ADDRESS) and run `zcc-sms worker` against it',
    );
  }
  const id = stringFlag(flags, 'id') ?? 'zcc-sms-daily';
  if (boolFlag(flags, 'delete')) {
    const target = await connectTemporal({ flags, env, cwd: io.cwd, say: ctx.message });
    try {
      await target.client.schedule.getHandle(id).delete();
      ctx.message(`Deleted schedule ${id}.`);
      return EXIT.ok;
    } finally {
      await target.close();
    }
  }
  const hourText = stringFlag(flags, 'hour');
  const hour = hourText === undefined ? 1 : Number(hourText);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23)
    throw flagError('--hour', hourText, 'is not an hour', 'use a whole number from 0 to 23 (UTC)');
  const filters = filtersOf(queryFromFlags(flags));
  const sink = parseSinkFlag(stringFlag(flags, 'sink') ?? DEFAULT_SINK, {
    cwd: io.cwd,
    table: stringFlag(flags, 'table'),
    format: stringFlag(flags, 'format'),
    redactor: ctx.redactor,
  });
  const limits = budgetFromFlags(flags);
  const ratePlan = limits.plan ?? 'pro';
  const share = rateShare(ratePlan, limits.perSecond);
  const windowConcurrency = positiveNumber(flags, 'concurrency', { integer: true, max: MAX_CONCURRENCY });
  const account = stringFlag(flags, 'account-id') ?? env.ZOOM_ACCOUNT_ID?.trim();
  const lookBackMs = days(ctx, 'look-back-days', 1) * DAY_MS;
  const overlapMs = days(ctx, 'overlap-days', 2) * DAY_MS;
  const target = await connectTemporal({ flags, env, cwd: io.cwd, say: ctx.message });
  try {
    const temporal = await import('@zcc-sms/temporal');
    try {
      await temporal.createIncrementalSyncSchedule(target.client, {
        scheduleId: id,
        sink: sink.spec,
        filters,
        ...(account ? { account } : {}),
        hourUtc: hour,
        lookBackMs,
        overlapMs,
        options: { windowConcurrency, rate: { plan: ratePlan, ...(share !== undefined ? { share } : {}) } },
      });
    } catch (error) {
      if ((error as Error).name === 'ScheduleAlreadyRunning') {
        throw new UsageError(
          `schedule ${JSON.stringify(id)} already exists; delete it first (zcc-sms schedule --delete --id ${id}) or pick another --id`,
        );
      }
      throw error;
    }
    ctx.message(
      `Created schedule ${id}: every day at ${String(hour).padStart(2, '0')}:00 UTC, the last ${lookBackMs / DAY_MS} day(s) plus ${overlapMs / DAY_MS} day(s) of overlap into ${sink.description}. Workers: zcc-sms worker --temporal-address ${target.address}`,
    );
    io.stdout.write(`${id}\n`);
    return EXIT.ok;
  } finally {
    await target.close();
  }
}

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'Create (or --delete) the daily incremental sync on your Temporal',
  usage: 'schedule --temporal-address HOST:PORT [--sink SINK] [filters] [--hour H] [--id ID] [--delete]',
  description: `
A Temporal Schedule that runs every day after Zoom's quota reset and fetches the last day plus an
overlap (engagements are listed only once completed, sometimes later), landing each engagement once.`,
  flags: FLAGS,
  examples: [
    'zcc-sms schedule --temporal-address localhost:7233 --sink postgres:warehouse --plan business',
    'zcc-sms schedule --temporal-address localhost:7233 --delete --id zcc-sms-daily',
  ],
  run,
};
