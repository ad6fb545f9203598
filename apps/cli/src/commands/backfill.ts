/**
 * `zcc-sms backfill`: the durable backfill on Temporal. Embedded by default (a local Temporal dev server
 * with its data in ./.zcc-sms and an in-process worker); with `--temporal-address`, your Temporal and
 * your `zcc-sms worker`s.
 */
import { checkAccountId, filtersOf, MAX_CONCURRENCY, RATE_PLANS, type RatePlanName } from '@zcc-sms/core';
import type { BackfillInput } from '@zcc-sms/temporal';
import {
  BUDGET_FLAGS,
  budgetFromFlags,
  FAVOR_FLAG,
  favorFromFlags,
  positiveNumber,
} from '../budget-flags.ts';
import { flagError, UsageError } from '../cli-error.ts';
import { boolFlag, type Command, type CommandContext, stringFlag } from '../command.ts';
import { loadEnv, ZOOM_FLAGS, zoomConfig } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { monthCounts } from '../output/ndjson-dir-summary.ts';
import { JSON_FLAG, PROGRESS_FLAGS, progressReporterFor } from '../output-flags.ts';
import { count, duration } from '../progress/format.ts';
import { summaryTable } from '../progress/summary-table.ts';
import { FILTER_FLAGS, queryFromFlags } from '../query-flags.ts';
import { stderrLogger } from '../stderr-logger.ts';
import { embeddedTelemetry } from '../telemetry/embedded-telemetry.ts';
import { METRICS_FLAGS } from '../telemetry/telemetry-flags.ts';
import { runBackfill } from '../temporal/run-backfill.ts';
import { parseSinkFlag } from '../temporal/sink-flag.ts';
import { TEMPORAL_FLAGS } from '../temporal/temporal-flags.ts';
import { connectTemporal, isRemote, stateDir } from '../temporal/temporal-target.ts';
import { runAccountsBackfill } from './backfill-accounts.ts';

export const DEFAULT_SINK = 'ndjson:./zcc-sms-data';

const FLAGS = {
  ...FILTER_FLAGS,
  sink: {
    type: 'string',
    value: 'SINK',
    description: `ndjson:DIR (a file per month), postgres:URL or s3://BUCKET/PREFIX (default ${DEFAULT_SINK})`,
    group: 'Output',
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    description: 'Object format of an s3:// sink: ndjson (gzip, default) or parquet',
    group: 'Output',
  },
  table: {
    type: 'string',
    value: 'NAME',
    description: 'PostgreSQL table (default zoom_sms)',
    group: 'Output',
  },
  accounts: {
    type: 'string',
    value: 'FILE',
    description:
      'Backfill every account of FILE (names and credentials; see docs/cli.md): one child backfill per account, each into its own sink',
    group: 'Output',
  },
  'no-wait': {
    type: 'boolean',
    description: 'Start and return at once (needs --temporal-address); with --json prints {"workflowId"}',
    group: 'Output',
  },
  ...JSON_FLAG,
  ...PROGRESS_FLAGS,
  concurrency: {
    type: 'string',
    value: 'N',
    description: "Windows fetched at once, sharing the rate budget (default: the workflow's plan)",
    group: 'Rate limits',
  },
  plan: BUDGET_FLAGS.plan!,
  ...FAVOR_FLAG,
  'max-rps': {
    type: 'string',
    value: 'N',
    description: "Requests per second (default: the plan's); lowers the daily share in proportion",
    group: 'Rate limits',
  },
  ...TEMPORAL_FLAGS,
  ...METRICS_FLAGS,
  ...ZOOM_FLAGS,
} as const;

/** `--max-rps` as the temporal package's `share` of the plan (it scales the per-second and daily limits). */
export function rateShare(ratePlan: RatePlanName, perSecond: number | undefined): number | undefined {
  if (perSecond === undefined) return undefined;
  const planRate = RATE_PLANS[ratePlan].perSecond;
  if (perSecond > planRate) {
    throw flagError(
      '--max-rps',
      String(perSecond),
      `is above the ${ratePlan} plan's ${planRate}/s`,
      `use at most ${planRate}, or --plan business`,
    );
  }
  return perSecond / planRate;
}

async function run(ctx: CommandContext): Promise<number> {
  const { io, flags } = ctx;
  const env = loadEnv(ctx);
  const query = queryFromFlags(flags);
  if (query.from === undefined || query.to === undefined) {
    throw new UsageError(
      '--from and --to are required for backfill (e.g. --from 2025-01-01 --to 2025-12-31)',
    );
  }
  if (stringFlag(flags, 'accounts') !== undefined)
    return runAccountsBackfill(ctx, env, { ...query, from: query.from, to: query.to }, DEFAULT_SINK);
  const sink = parseSinkFlag(stringFlag(flags, 'sink') ?? DEFAULT_SINK, {
    cwd: io.cwd,
    table: stringFlag(flags, 'table'),
    format: stringFlag(flags, 'format'),
    redactor: ctx.redactor,
  });
  const windows = positiveNumber(flags, 'concurrency', { integer: true, max: MAX_CONCURRENCY });
  const limits = budgetFromFlags(flags);
  const ratePlan = limits.plan ?? 'pro';
  const share = rateShare(ratePlan, limits.perSecond);
  const remote = isRemote(flags, env);
  const wait = !boolFlag(flags, 'no-wait');
  if (!wait && !remote) {
    throw new UsageError(
      '--no-wait needs a Temporal that outlives this command: pass --temporal-address (or TEMPORAL_ADDRESS) and run `zcc-sms worker` there; the embedded Temporal and its worker stop when backfill ends',
    );
  }
  // The embedded worker runs here and needs the credentials; remote workers have their own.
  const zoom = remote ? undefined : zoomConfig(env, flags, ctx.redactor);
  // A sub-account read through the master-account twin is the backfill's account: workers hold it by
  // that name (the in-process worker derives the entry from the master's credentials).
  const subAccount =
    zoom?.subAccountId ??
    checkAccountId(
      '--sub-account',
      stringFlag(flags, 'sub-account') ?? (env.ZOOM_SUB_ACCOUNT_ID?.trim() || undefined),
    );
  const account =
    subAccount ?? zoom?.accountId ?? stringFlag(flags, 'account-id') ?? env.ZOOM_ACCOUNT_ID?.trim();
  const { from, to } = query;
  const filters = filtersOf(query);
  const input: BackfillInput = {
    from,
    to,
    filters,
    sink: sink.spec,
    ...(account ? { account } : {}),
    options: {
      windowConcurrency: windows,
      // A backfill is bound by the daily quota, so it never spends an extra request unless asked to.
      favor: favorFromFlags(flags, 'quota'),
      rate: { plan: ratePlan, ...(share !== undefined ? { share } : {}) },
    },
  };
  const json = boolFlag(flags, 'json');
  const reporter = progressReporterFor(ctx);
  const say = (text: string): void => reporter.message(text);
  const telemetry = await embeddedTelemetry({ flags, env, remote, say, redactor: ctx.redactor });

  const target = await connectTemporal({ flags, env, cwd: io.cwd, say });
  try {
    if (target.embedded) {
      say(
        `Embedded Temporal at ${target.address} (${target.embedded.origin}; state in ${stateDir(flags, io.cwd)}).`,
      );
    }
    say(`Backfilling ${from} → ${to} into ${sink.description}.`);
    const outcome = await runBackfill({
      target,
      input,
      io,
      reporter,
      zoom,
      postgres: sink.postgres,
      // Activity slots of the in-process worker: the plan decides the windows at once, up to 16.
      windows: windows ?? 16,
      env,
      wait,
      logger: stderrLogger(reporter.log, ctx.debug),
      say,
      log: reporter.log,
      debug: ctx.debug,
      telemetry,
    });
    if (outcome.kind === 'started') {
      if (json) io.stdout.write(`${JSON.stringify({ workflowId: outcome.workflowId })}\n`);
      else {
        io.stdout.write(`${outcome.workflowId}\n`);
        ctx.message(
          `Follow it with: zcc-sms status ${outcome.workflowId} --temporal-address ${target.address}`,
        );
      }
      return EXIT.ok;
    }
    if (outcome.kind === 'detached') {
      ctx.message(
        target.embedded
          ? `Detached. Backfill ${outcome.workflowId} is saved in ${stateDir(flags, io.cwd)}; run the same command again to resume it.`
          : `Detached. Backfill ${outcome.workflowId} keeps running; zcc-sms status ${outcome.workflowId} shows its progress.`,
      );
      return EXIT.interrupted;
    }
    if (outcome.kind === 'cancelled') {
      ctx.message(
        `Cancelled backfill ${outcome.workflowId}. Windows published before the cancellation stay in place.`,
      );
      return EXIT.interrupted;
    }
    const { result } = outcome;
    const elapsedMs = result.finishedAt - result.startedAt;
    const months = sink.spec.type === 'ndjson' ? await monthCounts(String(sink.spec.dir)) : [];
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ workflowId: outcome.workflowId, status: 'COMPLETED', ...result, elapsedMs, sink: sink.description, months })}\n`,
      );
    } else if (months.length > 0) {
      ctx.message(
        summaryTable({
          months,
          requests: result.requests,
          elapsedMs: outcome.elapsedMs,
          fetchMs: elapsedMs,
          notes: [`Files: ${String(sink.spec.dir)}/*.ndjson`],
        }),
      );
    } else {
      ctx.message(
        `Backfill ${outcome.workflowId} completed: ${count(result.records)} engagements from ${result.windows} windows in ${duration(elapsedMs)} (${count(result.requests)} requests) into ${sink.description}.`,
      );
    }
    return EXIT.ok;
  } finally {
    reporter.stop();
    await telemetry?.close();
    await target.close();
  }
}

export const backfillCommand: Command = {
  name: 'backfill',
  summary: 'Durable backfill on Temporal (embedded local Temporal by default), resumable across restarts',
  usage:
    'backfill --from DATE --to DATE [filters] [--sink ndjson:DIR|postgres:URL] [--temporal-address HOST:PORT]',
  description: `
Runs the backfill as a Temporal workflow: month windows in parallel under one rate budget, checkpoints
after every page, a durable wait when the daily quota is spent, exactly-once landing in the sink.

Without --temporal-address the embedded default is used: a local Temporal dev server (the temporal CLI
from PATH or TEMPORAL_CLI_PATH) keeping its data in ./.zcc-sms/, and a worker in this process. Stop it
and run the same command again: it resumes. With --temporal-address, run \`zcc-sms worker\` next to
your Temporal and use --no-wait / \`zcc-sms status\` from scripts.

Ctrl-C asks whether to detach (the backfill keeps its state) or cancel it. In the embedded default,
--metrics-port serves the in-process worker's Prometheus metrics and OTEL_EXPORTER_OTLP_ENDPOINT sends its
spans, as \`zcc-sms worker\` does (docs/cli.md, Observability).`,
  flags: FLAGS,
  examples: [
    'zcc-sms backfill --from 2025-01-01 --to 2025-12-31 --sink ndjson:./sms',
    'zcc-sms backfill --from 2025-01-01 --to 2025-12-31 --sink postgres:postgres://me@localhost/zoom --plan business',
    'zcc-sms backfill --from 2025-01-01 --to 2025-12-31 --temporal-address temporal.internal:7233 --no-wait --json',
    'zcc-sms backfill --from 2025-01-01 --to 2025-03-31 --accounts accounts.json --sink ndjson:./sms',
  ],
  run,
};
