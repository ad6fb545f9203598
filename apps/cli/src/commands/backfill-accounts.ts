/**
 * `zcc-sms backfill --accounts FILE`: the multi-account form. One child backfill per account of the file,
 * each into its own sink (the file's `sink`, else `--sink` with the account's name: `ndjson:DIR/<name>`,
 * or the table `<table>_<name>`), each at its own plan (the file's `plan`, else `--plan`).
 */

import type { SmsQuery } from '@zcc-sms/core';
import { filtersOf } from '@zcc-sms/core';
import type { MultiAccountBackfillInput } from '@zcc-sms/temporal';
import { accountSink, accountTable, readAccountsFile } from '../accounts-file.ts';
import { budgetFromFlags, positiveNumber } from '../budget-flags.ts';
import { UsageError } from '../cli-error.ts';
import { boolFlag, type CommandContext, stringFlag } from '../command.ts';
import type { Env } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { progressReporterFor } from '../output-flags.ts';
import { stderrLogger } from '../stderr-logger.ts';
import { embeddedTelemetry } from '../telemetry/embedded-telemetry.ts';
import { multiAccountText, runMultiAccountBackfill } from '../temporal/run-multi-account.ts';
import { parseSinkFlag } from '../temporal/sink-flag.ts';
import { connectTemporal, isRemote } from '../temporal/temporal-target.ts';

export async function runAccountsBackfill(
  ctx: CommandContext,
  env: Env,
  query: SmsQuery & { from: string; to: string },
  defaultSink: string,
): Promise<number> {
  const { io, flags } = ctx;
  const file = await readAccountsFile('--accounts', stringFlag(flags, 'accounts')!, io.cwd, ctx.redactor);
  const baseSink = stringFlag(flags, 'sink') ?? defaultSink;
  const table = stringFlag(flags, 'table') ?? 'zoom_sms';
  const postgres: Record<string, string> = {};
  const limits = budgetFromFlags(flags);
  const accounts = file.plans.map((plan) => {
    const sink = parseSinkFlag(plan.sink ?? accountSink(baseSink, plan.name), {
      cwd: io.cwd,
      table:
        plan.sink === undefined && !baseSink.startsWith('ndjson:')
          ? accountTable(table, plan.name)
          : stringFlag(flags, 'table'),
      redactor: ctx.redactor,
    });
    Object.assign(postgres, sink.postgres);
    return {
      account: plan.name,
      sink: sink.spec,
      options: { rate: { plan: plan.plan ?? limits.plan ?? 'pro' } },
    };
  });
  const windows = positiveNumber(flags, 'concurrency', { integer: true, max: 16 });
  const input: MultiAccountBackfillInput = {
    from: query.from,
    to: query.to,
    filters: filtersOf(query),
    accounts,
    options: { windowConcurrency: windows, favor: 'quota' },
  };
  const wait = !boolFlag(flags, 'no-wait');
  if (!wait && !isRemote(flags, env))
    throw new UsageError('--no-wait needs a Temporal that outlives this command: pass --temporal-address');
  const reporter = progressReporterFor(ctx);
  const say = (text: string): void => reporter.message(text);
  const telemetry = await embeddedTelemetry({
    flags,
    env,
    remote: isRemote(flags, env),
    say,
    redactor: ctx.redactor,
  });
  const target = await connectTemporal({ flags, env, cwd: io.cwd, say });
  try {
    const outcome = await runMultiAccountBackfill({
      target,
      input,
      accounts: file.accounts,
      postgres,
      windows: Math.max(8, windows ?? 8),
      env,
      wait,
      logger: stderrLogger(reporter.log, ctx.debug),
      log: reporter.log,
      say,
      debug: ctx.debug,
      telemetry,
    });
    const json = boolFlag(flags, 'json');
    if (outcome.kind === 'started') {
      io.stdout.write(
        json ? `${JSON.stringify({ workflowId: outcome.workflowId })}\n` : `${outcome.workflowId}\n`,
      );
      return EXIT.ok;
    }
    if (json)
      io.stdout.write(
        `${JSON.stringify({ workflowId: outcome.workflowId, ...outcome.progress, failure: outcome.failure })}\n`,
      );
    else io.stderr.write(multiAccountText(outcome.workflowId, outcome.progress));
    if (outcome.failure) {
      ctx.message(`Backfill failed: ${outcome.failure}`);
      return EXIT.failure;
    }
    return EXIT.ok;
  } finally {
    reporter.stop();
    await telemetry?.close();
    await target.close();
  }
}
