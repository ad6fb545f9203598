/**
 * `zcc-sms export`: the core directly, no Temporal. Every engagement of the range exactly once, to stdout
 * or atomically to a file, at the account's rate limit; waits for the daily quota (or exits with code 4).
 */
import { MAX_CONCURRENCY, MAX_PAGE_SIZE, ZoomAbortError, ZoomDailyQuotaError } from '@zcc-sms/core';
import {
  BUDGET_FLAGS,
  budgetFromFlags,
  FAVOR_FLAG,
  favorFromFlags,
  positiveNumber,
} from '../budget-flags.ts';
import { flagError, InterruptedError } from '../cli-error.ts';
import { boolFlag, type Command, type CommandContext, stringFlag } from '../command.ts';
import { loadEnv, ZOOM_FLAGS, zoomConfig } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { exportRecords } from '../export-records.ts';
import { formatForOutput } from '../output/record-format.ts';
import { checkOutputPath, fileSink, stdoutSink, type TextSink } from '../output/text-sink.ts';
import { JSON_FLAG, PROGRESS_FLAGS, progressReporterFor } from '../output-flags.ts';
import { count, duration, instant } from '../progress/format.ts';
import { retryNotice } from '../progress/retry-notice.ts';
import { FILTER_FLAGS, queryFromFlags } from '../query-flags.ts';
import { stderrLogger } from '../stderr-logger.ts';
import { prepareCliTelemetry } from '../telemetry/cli-telemetry.ts';
import { METRICS_FLAGS, metricsPort } from '../telemetry/telemetry-flags.ts';
import { createCliClient, RETRY_FLAGS } from '../zoom-client.ts';

const FLAGS = {
  ...FILTER_FLAGS,
  format: {
    type: 'string',
    value: 'FMT',
    description: 'ndjson (default; one JSON object per engagement) or csv (default for *.csv files)',
    group: 'Output',
  },
  output: {
    type: 'string',
    short: 'o',
    value: 'FILE',
    description: 'Write to FILE atomically (default: stdout)',
    group: 'Output',
  },
  ...JSON_FLAG,
  ...PROGRESS_FLAGS,
  concurrency: {
    type: 'string',
    value: 'N',
    description:
      'Windows paged at once, sharing the rate budget (default: enough to keep the rate limit busy)',
    group: 'Rate limits',
  },
  ...FAVOR_FLAG,
  split: {
    type: 'string',
    value: 'HOW',
    description:
      'steal (default: idle cursors split the busiest one while paging) or probe (bisect busy months before paging)',
    group: 'Rate limits',
    hidden: true,
  },
  'page-size': {
    type: 'string',
    value: 'N',
    description: 'Records per request, 1–100 (default 100)',
    group: 'Rate limits',
    hidden: true,
  },
  ...BUDGET_FLAGS,
  'on-quota': {
    type: 'string',
    value: 'WHAT',
    description:
      'When the daily quota is spent: wait (default; until the reset, then continue) or exit (code 4)',
    group: 'Rate limits',
  },
  ...RETRY_FLAGS,
  ...METRICS_FLAGS,
  ...ZOOM_FLAGS,
} as const;

function splitFlag(value: string | undefined): 'steal' | 'probe' {
  if (value === undefined || value === 'steal' || value === 'probe') return value ?? 'steal';
  throw flagError('--split', value, 'is not a choice', 'use steal or probe');
}

function onQuotaFlag(value: string | undefined): 'wait' | 'exit' {
  if (value === undefined || value === 'wait') return 'wait';
  if (value === 'exit') return 'exit';
  throw flagError('--on-quota', value, 'is not a choice', 'use wait (the default) or exit');
}

async function run(ctx: CommandContext): Promise<number> {
  const { io, flags } = ctx;
  // Everything is validated before the first request: flags, dates, output path, credentials.
  const env = loadEnv(ctx);
  const query = queryFromFlags(flags);
  const output = stringFlag(flags, 'output');
  const format = formatForOutput(stringFlag(flags, 'format'), output);
  // Default: the plan's recommendation — a cursor per window, at least rate × measured latency (the core's
  // recommendedConcurrency), so the budget stays busy through the tail when the last windows finish.
  const concurrency = positiveNumber(flags, 'concurrency', { integer: true, max: MAX_CONCURRENCY });
  const favor = favorFromFlags(flags, 'time');
  const pageSize = positiveNumber(flags, 'page-size', { integer: true, max: MAX_PAGE_SIZE }) ?? MAX_PAGE_SIZE;
  const limits = budgetFromFlags(flags);
  const onQuota = onQuotaFlag(stringFlag(flags, 'on-quota'));
  const target = output === undefined ? undefined : await checkOutputPath(output, io.cwd);
  const config = zoomConfig(env, flags, ctx.redactor);
  const json = boolFlag(flags, 'json');
  const port = metricsPort(flags, env);
  const telemetry = await prepareCliTelemetry({
    port,
    env,
    temporalSdk: false,
    say: ctx.message,
    redactor: ctx.redactor,
  });

  const reporter = progressReporterFor(ctx);
  const retries = retryNotice(stderrLogger(reporter.log, ctx.debug));
  let announcedReset = 0;
  const client = createCliClient({
    config,
    flags,
    logger: retries.logger,
    observer: telemetry.observer,
    budget: {
      ...limits,
      onDailyQuota: onQuota === 'wait' ? 'wait' : 'throw',
      onQuotaWait: (resetAt) => {
        // Every concurrent window reports the wait; say it once per wait (a later one starts after it ends).
        if (Date.now() < announcedReset) return;
        announcedReset = resetAt;
        const used = client.stats().usedToday;
        reporter.message(
          `Daily request quota spent (${count(used)} requests today); waiting until ${instant(resetAt)} (in ${duration(resetAt - Date.now())}), then continuing. Ctrl-C stops; --on-quota exit exits with code 4 instead.`,
        );
      },
    },
  });

  // `zcc-sms export | head`: a closed pipe ends the export quietly, like any Unix filter.
  const stop = new AbortController();
  let pipeClosed = false;
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') pipeClosed = true;
    stop.abort(error);
  };
  io.stdout.on('error', onStdoutError);
  const signal = AbortSignal.any([io.interrupt.signal, stop.signal]);

  let sink: TextSink | undefined;
  let written = 0;
  try {
    telemetry.metrics?.watchBudget(() => client.budget.state());
    await telemetry.serve();
    sink = target === undefined ? stdoutSink(io.stdout) : await fileSink(target);
    const result = await exportRecords({
      client,
      query,
      format,
      sink,
      concurrency,
      favor,
      split: splitFlag(stringFlag(flags, 'split')),
      pageSize,
      signal,
      now: Date.now,
      notice: retries.notice,
      onProgress: (snapshot) => {
        telemetry.metrics?.recordsLanded(snapshot.records - written);
        written = snapshot.records;
        reporter.update(snapshot);
      },
    });
    await sink.commit();
    reporter.stop();
    const stats = client.stats();
    const summary = {
      records: result.records,
      windows: result.windows,
      concurrency: result.concurrency,
      plannedRequests: result.estimate.totalRequests + result.estimate.probeRequests,
      requests: stats.requests,
      effectiveRate: stats.rate,
      retries: stats.retries,
      throttled: stats.throttled,
      tokenRefreshes: stats.tokenRefreshes,
      pageTokenRestarts: stats.pageTokenRestarts,
      elapsedMs: result.elapsedMs,
      format: format.name,
      output: sink.target,
    };
    const sentence = `Exported ${count(result.records)} engagements from ${result.windows} window${result.windows === 1 ? '' : 's'} in ${duration(result.elapsedMs)} (${count(stats.requests)} requests of ${count(result.estimate.totalRequests + result.estimate.probeRequests)} planned, ${stats.retries} retries, ${stats.throttled} rate-limited, effective rate ${stats.rate.toFixed(1)} req/s)${target ? ` to ${target}` : ''}.`;
    if (json && target !== undefined) io.stdout.write(`${JSON.stringify(summary)}\n`);
    if (ctx.logFormat === 'json') {
      // JSON logs: the summary is the fields of the final log line (stderr stays one log object per line).
      io.stderr.write(ctx.line('info', sentence, summary));
    } else if (json && target === undefined) {
      // Data owns stdout when there is no file; the summary then goes to stderr.
      io.stderr.write(`${JSON.stringify(summary)}\n`);
    } else if (!json) {
      ctx.message(sentence);
    }
    return EXIT.ok;
  } catch (error) {
    reporter.stop();
    await sink?.abort();
    if (pipeClosed) return EXIT.ok;
    const kept =
      target === undefined
        ? `${count(written)} records were written to stdout before stopping`
        : `${target} was not written`;
    if (error instanceof ZoomAbortError || (signal.aborted && io.interrupt.signal.aborted)) {
      throw new InterruptedError(`Interrupted; ${kept}.`);
    }
    if (error instanceof ZoomDailyQuotaError) ctx.message(`Stopped for the daily quota; ${kept}.`);
    throw error;
  } finally {
    io.stdout.off('error', onStdoutError);
    await Promise.all([client.close(), telemetry.close()]);
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export SMS engagement logs to NDJSON or CSV (no Temporal needed)',
  usage: 'export --from DATE --to DATE [filters] [--format ndjson|csv] [--output FILE]',
  description: `
Fetches every SMS engagement of the range exactly once — across month windows, token expiry and
page-token expiry — at the account's rate limit, and writes one record per line. Progress goes to
stderr (on a terminal, or with --progress); data goes to stdout unless --output names a file, which is
written atomically (the file appears complete, or not at all). Without --from/--to, the last 24 hours.`,
  flags: FLAGS,
  examples: [
    'zcc-sms export --from 2026-01-01 --to 2026-03-31 > q1.ndjson',
    'zcc-sms export --from 2026-01-01 --to 2026-03-31 --format csv --output q1.csv',
    'zcc-sms export --from 2025-01-01 --to 2025-12-31 --direction inbound --country US --country CA --plan business',
    'zcc-sms export --from 2026-02-01 --to 2026-02-28 --on-quota exit --json --output feb.ndjson',
  ],
  run,
};
