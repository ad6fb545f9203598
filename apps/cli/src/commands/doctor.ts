/**
 * `zcc-sms doctor`: is this setup ready to export? One verdict line per check — credentials, scopes, the
 * endpoint, the rate plan, clock skew, Temporal (when configured) and each `--sink` — and a non-zero exit
 * when any fails (the CLI's exit codes: credentials 3, unreachable 5, else 1). Nothing secret is printed:
 * every line passes through the redactor.
 */
import { BUDGET_FLAGS, budgetFromFlags } from '../budget-flags.ts';
import { boolFlag, type Command, type CommandContext, listFlag, stringFlag } from '../command.ts';
import { loadEnv, ZOOM_FLAGS } from '../config.ts';
import { sinkChecks } from '../doctor/sink-checks.ts';
import { temporalCheck } from '../doctor/temporal-check.ts';
import { runChecks, verdictText } from '../doctor/verdict.ts';
import { DOCTOR_ATTEMPTS, zoomChecks } from '../doctor/zoom-checks.ts';
import { JSON_FLAG } from '../output-flags.ts';
import { TEMPORAL_FLAGS } from '../temporal/temporal-flags.ts';
import { RETRY_FLAGS } from '../zoom-client.ts';

const FLAGS = {
  plan: BUDGET_FLAGS.plan!,
  sink: {
    type: 'string',
    multiple: true,
    value: 'SINK',
    description: 'A sink to check: ndjson:DIR, postgres:URL, postgres:NAME or s3://BUCKET/PREFIX',
    group: 'Sinks',
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    description: 'Object format of an s3:// sink: ndjson (gzip, default) or parquet',
    group: 'Sinks',
  },
  table: {
    type: 'string',
    value: 'NAME',
    description: 'PostgreSQL table (default zoom_sms)',
    group: 'Sinks',
  },
  ...JSON_FLAG,
  'max-attempts': {
    ...RETRY_FLAGS['max-attempts']!,
    description: `Attempts of the List SMS call on network errors and 5xx, including the first (default ${DOCTOR_ATTEMPTS})`,
  },
  'temporal-address': TEMPORAL_FLAGS['temporal-address']!,
  namespace: TEMPORAL_FLAGS.namespace!,
  ...ZOOM_FLAGS,
} as const;

async function run(ctx: CommandContext): Promise<number> {
  const { io, flags } = ctx;
  const env = loadEnv(ctx);
  const { plan: ratePlan } = budgetFromFlags(flags);
  const zoom = zoomChecks({ env, flags, redactor: ctx.redactor, ratePlan });
  try {
    const { verdicts, exitCode } = await runChecks([
      ...zoom.checks,
      temporalCheck({ flags, env, cwd: io.cwd, say: (text) => ctx.message(text) }),
      ...sinkChecks({
        sinks: listFlag(flags, 'sink'),
        table: stringFlag(flags, 'table'),
        format: stringFlag(flags, 'format'),
        cwd: io.cwd,
        env,
        redactor: ctx.redactor,
      }),
    ]);
    const shown = verdicts.map((v) => ({ ...v, detail: ctx.redactor.redact(v.detail) }));
    io.stdout.write(boolFlag(flags, 'json') ? `${JSON.stringify(shown)}\n` : verdictText(shown));
    return exitCode;
  } finally {
    await zoom.close();
  }
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check credentials, scopes, the endpoint, rate plan, clock, Temporal and sinks',
  usage:
    'doctor [--plan pro|business] [--sink ndjson:DIR|postgres:URL]… [--temporal-address HOST:PORT] [--json]',
  description: `
Runs each check once and prints one verdict per line (ok, warn, FAIL, skipped); a check whose
prerequisite failed is skipped. Spends two requests: one token, one List SMS page of one record.
Exits 0 when nothing failed; otherwise 3 for credentials or scopes, 5 when Zoom or Temporal cannot
be reached, 1 for the rest. Temporal is checked only when --temporal-address or TEMPORAL_ADDRESS is
set. Sinks are probed without leaving data: a file created and deleted, a PostgreSQL transaction
rolled back.`,
  flags: FLAGS,
  examples: [
    'zcc-sms doctor',
    'zcc-sms doctor --plan business --sink ndjson:./sms --sink postgres:postgres://etl@db/zoom --json',
  ],
  run,
};
