/**
 * `zcc-sms-sandbox` (and the future `zcc-sms sandbox` command): start a sandbox, print `export ZOOM_…=…`
 * lines for `eval`, run until SIGINT/SIGTERM (or the given AbortSignal).
 */
import { parseArgs } from 'node:util';
import { parseClockSpec } from './clock.ts';
import type { DatasetProfile } from './dataset-generate.ts';
import { validateFaults } from './faults.ts';
import type { RateLimitSetting } from './rate-limit.ts';
import type { Sandbox } from './sandbox.ts';
import { startSandbox } from './sandbox.ts';
import type { SandboxOptions } from './sandbox-state.ts';
import type { Variants } from './variants.ts';
import { parseVariantAssignment } from './variants.ts';

/** Where the sandbox CLI writes, and the signal that stops it (tests pass their own). */
export interface SandboxCliIo {
  /** Receives the help text and the `export ZOOM_…=…` lines for a shell. */
  stdout: { write(text: string): unknown };
  /** Receives errors and status lines. */
  stderr: { write(text: string): unknown };
  /** Stops the sandbox when aborted; default: process SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** Called once the sandbox is listening (tests, the CLI wrapper). */
  onStarted?: (sandbox: Sandbox) => void;
}

export const SANDBOX_HELP = `Usage: zcc-sms-sandbox [options]

Starts a fake Zoom (OAuth + GET /v2/contact_center/sms) and prints export lines:
  eval "$(zcc-sms-sandbox --records 20000 | head -n 5)"   # or paste them into another shell

Options:
  --port N                 TCP port (default 0: any free port)
  --host H                 bind address (default 127.0.0.1; admin endpoints have no auth)
  --seed S                 seed for data, ids and faults (default 1)
  --records N              total records (default 5000)
  --records-per-month N    instead of --records
  --from DATE --to DATE    data span (default: the 12 months before this month, up to today)
  --profile P              ordinary | busy-month | uniform | sparse | spike
  --late-fraction F        share of late-arriving engagements (default 0.02)
  --plan P                 rate limit: none | pro | business | PER_SECOND/DAILY (e.g. 5/15000)
  --latency-ms N           fixed latency added to API responses
  --clock C                real | manual:ISO | accelerated:N[@ISO]
  --variant K=V            e.g. boundField=end_time, overMonth=cut (repeatable)
  --faults JSON            fault configuration, e.g. '{"badGateway":{"probability":0.05}}'
  --token-lifetime S       access-token lifetime in sandbox seconds (default 3600)
  --token-max-uses N       access tokens stop working after N uses
  --new-token-revokes-old  old Zoom behaviour: a new token revokes older ones
  --page-token-ttl-ms N    page-token lifetime (default 900000)
  --account-id, --client-id, --client-secret   fixed credentials
  --help                   this text
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  records: { type: 'string' },
  'records-per-month': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  profile: { type: 'string' },
  'late-fraction': { type: 'string' },
  plan: { type: 'string' },
  'latency-ms': { type: 'string' },
  clock: { type: 'string' },
  variant: { type: 'string', multiple: true },
  faults: { type: 'string' },
  'token-lifetime': { type: 'string' },
  'token-max-uses': { type: 'string' },
  'new-token-revokes-old': { type: 'boolean' },
  'page-token-ttl-ms': { type: 'string' },
  'account-id': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}

export function parsePlan(ratePlan: string): RateLimitSetting {
  if (ratePlan === 'none' || ratePlan === 'pro' || ratePlan === 'business') return ratePlan;
  const m = /^(\d+)\/(\d+)$/.exec(ratePlan);
  if (!m) throw new Error(`Invalid --plan "${ratePlan}": use none, pro, business or PER_SECOND/DAILY`);
  return { perSecond: Number(m[1]), daily: Number(m[2]) };
}

/** Pure: CLI arguments → sandbox options (or null for --help). */
export function parseSandboxArgs(argv: string[]): SandboxOptions | null {
  const { values: v } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (v.help) return null;
  const variants: Record<string, unknown> = {};
  for (const assignment of v.variant ?? []) Object.assign(variants, parseVariantAssignment(assignment));
  const options: SandboxOptions = {
    port: num(v.port, 'port') ?? 0,
    host: v.host ?? '127.0.0.1',
    seed: v.seed ?? 1,
    dataset: {
      from: v.from,
      to: v.to,
      records: num(v.records, 'records'),
      recordsPerMonth: num(v['records-per-month'], 'records-per-month'),
      profile: v.profile as DatasetProfile | undefined,
      lateFraction: num(v['late-fraction'], 'late-fraction'),
    },
    variants: variants as Partial<Variants>,
    rateLimit: v.plan ? parsePlan(v.plan) : 'none',
    clock: v.clock ? parseClockSpec(v.clock) : { mode: 'real' },
    latencyMs: num(v['latency-ms'], 'latency-ms'),
    faults: v.faults ? validateFaults(JSON.parse(v.faults)) : {},
    tokenLifetimeSec: num(v['token-lifetime'], 'token-lifetime'),
    tokenMaxUses: num(v['token-max-uses'], 'token-max-uses'),
    newTokenRevokesOld: v['new-token-revokes-old'] ?? false,
    pageTokenTtlMs: num(v['page-token-ttl-ms'], 'page-token-ttl-ms'),
    credentials: { accountId: v['account-id'], clientId: v['client-id'], clientSecret: v['client-secret'] },
  };
  return options;
}

/** Single-quotes a value for POSIX shells when it needs it. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function waitForShutdown(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/**
 * Runs the sandbox CLI; resolves with the exit code once stopped.
 *
 * @example
 * process.exitCode = await runSandboxCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 * await runSandboxCli(['--help'], io); // 0
 */
export async function runSandboxCli(argv: string[], io: SandboxCliIo): Promise<number> {
  let options: SandboxOptions | null;
  try {
    options = parseSandboxArgs(argv);
  } catch (error) {
    io.stderr.write(
      `zcc-sms-sandbox: ${error instanceof Error ? error.message : String(error)}\n\n${SANDBOX_HELP}`,
    );
    return 2;
  }
  if (options === null) {
    io.stdout.write(SANDBOX_HELP);
    return 0;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    io.stderr.write(`zcc-sms-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  for (const [key, value] of Object.entries(sandbox.env))
    io.stdout.write(`export ${key}=${shellQuote(value)}\n`);
  io.stderr.write(
    `# zcc-sms sandbox: ${sandbox.dataset.records} records ${sandbox.dataset.from} – ${sandbox.dataset.to}\n` +
      `# admin: ${sandbox.adminUrl} (loopback only, no auth). Ctrl-C to stop.\n`,
  );
  io.onStarted?.(sandbox);
  await waitForShutdown(io.signal);
  await sandbox.stop();
  return 0;
}
