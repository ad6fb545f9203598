/**
 * `zcc-sms demo`: the main job on the embedded defaults, with no Zoom account — a local sandbox (fake Zoom
 * with Business-plan rate limits), the embedded Temporal and an in-process worker back-filling the last
 * 12 months into ./zcc-sms-demo/, a live progress line, and a summary checked against the sandbox's
 * ground truth. Each run starts afresh: the previous demo directory is removed (and we say so).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { isRatePlanName, MAX_CONCURRENCY } from '@zcc-sms/core';
import { positiveNumber } from '../budget-flags.ts';
import { CliError, flagError, UsageError } from '../cli-error.ts';
import { boolFlag, type Command, type CommandContext, stringFlag } from '../command.ts';
import { ENV_FILE_FLAG, loadEnv } from '../config.ts';
import { landedIds, lastTwelveMonths } from '../demo-data.ts';
import { EXIT } from '../exit-codes.ts';
import { monthCounts } from '../output/ndjson-dir-summary.ts';
import { JSON_FLAG, PROGRESS_FLAGS, progressReporterFor } from '../output-flags.ts';
import { count } from '../progress/format.ts';
import { summaryTable } from '../progress/summary-table.ts';
import { stderrLogger } from '../stderr-logger.ts';
import { runBackfill } from '../temporal/run-backfill.ts';
import { connectTemporal } from '../temporal/temporal-target.ts';

const MARKER = '.zcc-sms-demo';

const FLAGS = {
  dir: {
    type: 'string',
    value: 'DIR',
    description: 'Where the files go (default ./zcc-sms-demo; replaced on every run)',
    group: 'Demo',
  },
  'records-per-month': {
    type: 'string',
    value: 'N',
    description: 'Sandbox records per month (default 2,500)',
    group: 'Demo',
  },
  'latency-ms': {
    type: 'string',
    value: 'MS',
    description: 'Sandbox response latency (default 80)',
    group: 'Demo',
  },
  plan: {
    type: 'string',
    value: 'PLAN',
    description: 'Rate limits the sandbox enforces and the backfill respects: business (default) or pro',
    group: 'Demo',
  },
  concurrency: {
    type: 'string',
    value: 'N',
    description: 'Month windows at once (default 4)',
    group: 'Demo',
  },
  ...JSON_FLAG,
  ...PROGRESS_FLAGS,
  ...ENV_FILE_FLAG,
} as const;

async function prepareDir(dir: string, say: (t: string) => void): Promise<void> {
  if (existsSync(dir)) {
    if (existsSync(join(dir, MARKER))) {
      say(`Removing the previous demo output in ${dir} (every demo run starts afresh).`);
      await rm(dir, { recursive: true, force: true });
    } else if ((await readdir(dir)).length > 0) {
      throw new UsageError(
        `--dir ${JSON.stringify(dir)} exists and was not made by the demo; remove it or pass another --dir`,
      );
    }
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MARKER), 'Made by `zcc-sms demo`; removed and rebuilt by the next run.\n');
}

async function run(ctx: CommandContext): Promise<number> {
  const { io, flags } = ctx;
  const started = Date.now();
  const env = loadEnv(ctx);
  const dir = resolve(io.cwd, stringFlag(flags, 'dir') ?? 'zcc-sms-demo');
  const perMonth = positiveNumber(flags, 'records-per-month', { integer: true, max: 200_000 }) ?? 2_500;
  const latencyMs =
    stringFlag(flags, 'latency-ms') === undefined ? 80 : Number(stringFlag(flags, 'latency-ms'));
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw flagError(
      '--latency-ms',
      stringFlag(flags, 'latency-ms'),
      'is not a duration',
      'use milliseconds, e.g. 80',
    );
  const ratePlan = (stringFlag(flags, 'plan') ?? 'business').toLowerCase();
  if (!isRatePlanName(ratePlan))
    throw flagError('--plan', stringFlag(flags, 'plan'), 'is not a plan', 'use business (default) or pro');
  const windows = positiveNumber(flags, 'concurrency', { integer: true, max: MAX_CONCURRENCY }) ?? 4;
  const json = boolFlag(flags, 'json');
  const reporter = progressReporterFor(ctx);
  const say = (text: string): void => reporter.message(text);

  await prepareDir(dir, say);
  const { from, to } = lastTwelveMonths(Date.now());
  const { startSandbox } = await import('@zcc-sms/sandbox');
  const sandbox = await startSandbox({
    seed: 'zcc-sms-demo',
    // No late arrivals: the ground truth must not change while the demo runs.
    dataset: { from, to, recordsPerMonth: perMonth, lateFraction: 0 },
    rateLimit: ratePlan,
    latencyMs,
  });
  ctx.redactor.add(sandbox.credentials.clientSecret);
  try {
    say(
      `Sandbox (a fake Zoom, no account needed) at ${sandbox.baseUrl}: ${count(sandbox.dataset.records)} SMS engagements ${from} → ${to}, ${ratePlan} rate limits, ${latencyMs} ms latency.`,
    );
    const stateDir = join(dir, '.zcc-sms');
    const target = await connectTemporal({
      flags: { 'state-dir': stateDir },
      env: withoutTemporalAddress(env),
      cwd: io.cwd,
      say,
    });
    try {
      say(`Embedded Temporal at ${target.address} (state in ${relative(io.cwd, stateDir) || stateDir}).`);
      const outcome = await runBackfill({
        target,
        input: {
          from,
          to,
          sink: { type: 'ndjson', dir },
          account: sandbox.credentials.accountId,
          options: { windowConcurrency: windows, rate: { plan: ratePlan } },
        },
        io,
        reporter,
        zoom: { ...sandbox.credentials, baseUrl: sandbox.baseUrl, tokenUrl: sandbox.tokenUrl },
        postgres: {},
        windows,
        env,
        wait: true,
        logger: stderrLogger(reporter.log, ctx.debug),
        say,
        log: reporter.log,
        debug: ctx.debug,
      });
      if (outcome.kind !== 'completed') {
        ctx.message(
          outcome.kind === 'cancelled'
            ? 'Demo cancelled.'
            : 'Demo stopped; the next `zcc-sms demo` starts afresh.',
        );
        return EXIT.interrupted;
      }
      const months = await monthCounts(dir);
      const ids = await landedIds(dir);
      const truth = sandbox.groundTruth({ from, to });
      const unique = new Set(ids);
      const exact =
        unique.size === ids.length && ids.length === truth.length && truth.every((id) => unique.has(id));
      const stats = sandbox.stats();
      const elapsedMs = Date.now() - started;
      if (json) {
        io.stdout.write(
          `${JSON.stringify({ workflowId: outcome.workflowId, from, to, dir, months, records: ids.length, expected: truth.length, exact, requests: stats.apiRequests, rateLimited: stats.rateLimited, elapsedMs, backfillMs: outcome.result.finishedAt - outcome.result.startedAt })}\n`,
        );
      } else {
        const where = relative(io.cwd, dir) || '.';
        ctx.message(
          `\n${summaryTable({
            months,
            requests: stats.apiRequests,
            elapsedMs,
            fetchMs: outcome.result.finishedAt - outcome.result.startedAt,
            notes: [
              `429s       ${stats.rateLimited.perSecond} per-second, ${stats.rateLimited.daily} daily`,
              exact
                ? `Checked    all ${count(truth.length)} engagements of the sandbox are in the files, each exactly once.`
                : `Checked    MISMATCH: ${count(ids.length)} lines, ${count(unique.size)} distinct, ${count(truth.length)} expected.`,
              '',
              `Files      ${where}/*.ndjson (one file per month, one JSON object per engagement)`,
              ...(months[0] ? [`Try        head -n 2 ${where}/${months[0].file}`] : []),
              'Next       set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and run: zcc-sms export --from 2026-01-01 --to 2026-01-31',
            ],
          })}`,
        );
      }
      if (!exact)
        throw new CliError(
          'the demo landed a different set of engagements than the sandbox holds; please report this',
          EXIT.failure,
        );
      return EXIT.ok;
    } finally {
      reporter.stop();
      await target.close();
    }
  } finally {
    await sandbox.stop();
  }
}

function withoutTemporalAddress(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env))
    if (!key.startsWith('TEMPORAL_') || key === 'TEMPORAL_CLI_PATH') out[key] = value;
  return out;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'See it work with no Zoom account: sandbox + embedded Temporal, 12 months into ./zcc-sms-demo/',
  usage: 'demo [--dir DIR] [--records-per-month N] [--plan business|pro]',
  description: `
Starts a local sandbox (a fake Zoom with Business-plan rate limits) and the embedded Temporal, backfills
the last 12 months into ./zcc-sms-demo/ with a live progress line, and ends with a table of records per
month, requests and time — checked against the sandbox's ground truth. Needs the temporal CLI on PATH
(or TEMPORAL_CLI_PATH). Every run replaces ./zcc-sms-demo/.`,
  flags: FLAGS,
  examples: ['zcc-sms demo', 'pnpm demo', 'zcc-sms demo --records-per-month 10000 --plan pro --json'],
  run,
};
