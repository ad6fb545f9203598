/**
 * `zcc-sms doctor` as a user runs it: the CLI process against the sandbox over real HTTP, a real Temporal
 * dev server and a real PostgreSQL (testkit). One good setup, then each broken one, each with the verdict
 * line and the exit code the user sees; last, no secret in anything printed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import {
  freePort,
  type PostgresServer,
  resolvePgBin,
  startPostgres,
  startTemporalDevServer,
  type TemporalDevServer,
} from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../support/cli-process.ts';

const TOKEN_PREFIX = 'eyJzdiI6';
const pgPassword = `pg-${randomBytes(6).toString('hex')}`;
const printed: CliRun[] = [];
let sandbox: Sandbox;
let temporal: TemporalDevServer;
let postgres: PostgresServer;
let cwd: string;

function psql(sql: string): string {
  return execFileSync(join(resolvePgBin(), 'psql'), [postgres.url, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], {
    encoding: 'utf8',
  }).trim();
}

/** A role that may log in but not create anything (trust authentication ignores the password). */
function roleUrl(role: string): string {
  return postgres.url.replace('postgres@', `${role}:${pgPassword}@`);
}

/** `env` replaces the sandbox's variables it names (`undefined` removes one). */
async function doctor(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> | Sandbox['env'] = {},
) {
  const run = await runCli(['doctor', ...args], { cwd, env: { ...sandbox.env, ...env } });
  printed.push(run);
  return run;
}

/** `{check: [status, detail]}` from the text output. */
function verdicts(run: CliRun): Record<string, [string, string]> {
  const rows: Record<string, [string, string]> = {};
  for (const line of run.stdout.trimEnd().split('\n')) {
    const m =
      /^(ok|warn|FAIL|skipped)\s+(credentials|scopes|endpoint|rate plan|clock skew|temporal|sink(?: \w+)?)\s+(.*)$/.exec(
        line,
      );
    if (!m) throw new Error(`not a verdict line: ${JSON.stringify(line)}\n${run.stderr}`);
    rows[m[2]!] = [m[1]!, m[3]!];
  }
  return rows;
}

beforeAll(async () => {
  [sandbox, temporal, postgres] = await Promise.all([
    startSandbox({ records: 300, rateLimit: 'pro' }),
    startTemporalDevServer(),
    startPostgres(),
  ]);
  cwd = await mkdtemp(join(tmpdir(), 'zcc-doctor-'));
  psql(`CREATE ROLE doctor_nocreate LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC;`);
});

afterAll(async () => {
  await Promise.allSettled([sandbox?.stop(), temporal?.stop(), postgres?.stop()]);
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

describe('zcc-sms doctor', () => {
  it('passes a good setup: every check ok, nothing left behind in the sinks, exit 0', async () => {
    const out = join(cwd, 'not-yet', 'sms');
    const run = await doctor([
      '--sink',
      `ndjson:${out}`,
      '--sink',
      `postgres:${postgres.url}`,
      '--temporal-address',
      temporal.address,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const v = verdicts(run);
    expect(v.credentials).toEqual(['ok', `token fetched from ${sandbox.tokenUrl} (expires in 3600 s)`]);
    expect(v.scopes).toEqual(['ok', 'contact_center_sms:read:admin granted']);
    expect(v.endpoint?.[0]).toBe('ok');
    expect(v.endpoint?.[1]).toMatch(/contact_center\/sms\?page_size=1 answered: \d+ SMS logs/);
    expect(v['rate plan']).toEqual(['ok', 'Pro, from X-RateLimit-Limit: 15000 requests/day (Heavy label)']);
    expect(v['clock skew']?.[0]).toBe('ok');
    expect(v.temporal).toEqual(['ok', `reached ${temporal.address}, namespace default exists`]);
    expect(v['sink ndjson']?.[0]).toBe('ok');
    expect(v['sink postgres']).toEqual([
      'ok',
      expect.stringMatching(/may create table "zoom_sms" \(checked in a rolled-back transaction\)$/),
    ]);
    // The probes left nothing: no directory made for the probe, no table committed.
    expect(existsSync(join(cwd, 'not-yet'))).toBe(false);
    expect(psql(`SELECT to_regclass('zoom_sms') IS NULL`)).toBe('t');
  });

  it('prints the same verdicts as JSON with --json, and an existing sink directory stays empty', async () => {
    const dir = await mkdtemp(join(cwd, 'out-'));
    const run = await doctor(['--json', '--plan', 'business', '--sink', `ndjson:${dir}`]);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ check: string; status: string; detail: string }>;
    expect(rows.map((r) => [r.check, r.status])).toEqual([
      ['credentials', 'ok'],
      ['scopes', 'ok'],
      ['endpoint', 'ok'],
      ['rate plan', 'warn'],
      ['clock skew', 'ok'],
      ['temporal', 'skipped'],
      ['sink', 'ok'],
    ]);
    expect(rows[3]!.detail).toBe(
      'Pro, from X-RateLimit-Limit: 15000 requests/day (Heavy label), but the CLI is set for business: pass --plan pro',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('says the plan is assumed when Zoom sends no rate-limit headers', async () => {
    const quiet = await startSandbox({ records: 10, variants: { rateLimitHeaders: 'none' } });
    try {
      const run = await doctor([], quiet.env);
      expect(run.code).toBe(0);
      expect(verdicts(run)['rate plan']).toEqual([
        'ok',
        'assumed: pro (5/s, 15,000/day); Zoom sent no X-RateLimit-Limit header to tell, set --plan business if your account is Business+',
      ]);
    } finally {
      await quiet.stop();
    }
  });

  it('fails a wrong secret at credentials (exit 3) and skips what needs a token', async () => {
    const run = await doctor([], { ZOOM_CLIENT_SECRET: 'not-the-secret' });
    expect(run.code).toBe(3);
    const v = verdicts(run);
    expect(v.credentials?.[0]).toBe('FAIL');
    expect(v.credentials?.[1]).toMatch(
      /^Zoom rejected the Server-to-Server OAuth credentials: Invalid client_id or client_secret/,
    );
    for (const check of ['scopes', 'endpoint', 'rate plan', 'clock skew'])
      expect(v[check]).toEqual(['skipped', 'skipped: credentials failed']);
  });

  it('fails a missing client secret at credentials (exit 3), naming the variable', async () => {
    const run = await doctor([], { ZOOM_CLIENT_SECRET: undefined });
    expect(run.code).toBe(3);
    expect(verdicts(run).credentials?.[1]).toMatch(
      /^ZOOM_CLIENT_SECRET is not set; set it in the environment/,
    );
  });

  it('fails an app without the SMS scope, naming both scopes that would do (exit 3)', async () => {
    const noScope = await startSandbox({
      records: 10,
      grantedScope: 'contact_center:read:admin user:read:admin',
    });
    try {
      const run = await doctor([], noScope.env);
      expect(run.code).toBe(3);
      const v = verdicts(run);
      // Zoom refuses the call too (code 4700): the endpoint verdict says what to add as well.
      expect(v.endpoint).toEqual([
        'FAIL',
        expect.stringContaining('needs the scope contact_center_sms:read:admin'),
      ]);
      expect(v.scopes).toEqual([
        'FAIL',
        'the app lacks contact_center_sms:read:admin or contact_center:read:sms_log:admin (granted: contact_center:read:admin user:read:admin): add it in the Zoom App Marketplace',
      ]);
    } finally {
      await noScope.stop();
    }
  });

  it('fails an endpoint that keeps answering 502 (exit 1) after its bounded retries', async () => {
    const broken = await startSandbox({ records: 10, faults: { badGateway: { probability: 1 } } });
    try {
      const run = await doctor([], broken.env);
      expect(run.code).toBe(1);
      const v = verdicts(run);
      expect(v.credentials?.[0]).toBe('ok');
      expect(v.endpoint?.[0]).toBe('FAIL');
      expect(v.endpoint?.[1]).toMatch(/502/);
      expect(v['rate plan']).toEqual(['skipped', 'skipped: endpoint failed']);
      expect(broken.stats().apiRequests).toBe(2); // bounded: the first attempt and one retry
    } finally {
      await broken.stop();
    }
  });

  it('fails an unreachable API at credentials with exit 5', async () => {
    const port = await freePort();
    const run = await doctor([], {
      ZOOM_OAUTH_TOKEN_URL: `http://127.0.0.1:${port}/oauth/token`,
      ZOOM_API_BASE_URL: `http://127.0.0.1:${port}/v2`,
    });
    expect(run.code).toBe(5);
    expect(verdicts(run).credentials).toEqual(['FAIL', expect.stringContaining('ECONNREFUSED')]);
  });

  it('warns about a clock some seconds off and fails one minutes off', async () => {
    const ahead = await startSandbox({
      records: 10,
      clock: { mode: 'accelerated', factor: 1, start: Date.now() + 40_000 },
    });
    const behind = await startSandbox({
      records: 10,
      clock: { mode: 'accelerated', factor: 1, start: Date.now() - 10 * 60_000 },
    });
    try {
      const warned = await doctor([], ahead.env);
      expect(warned.code).toBe(0);
      expect(verdicts(warned)['clock skew']).toEqual([
        'warn',
        expect.stringMatching(
          /^this machine's clock is (3\d|40) s behind Zoom's .*; keep it synchronised \(NTP\)$/,
        ),
      ]);
      const failed = await doctor([], behind.env);
      expect(failed.code).toBe(1);
      expect(verdicts(failed)['clock skew']).toEqual([
        'FAIL',
        expect.stringMatching(
          /^this machine's clock is (59\d|600) s ahead of Zoom's .*set the clock right \(NTP\)/,
        ),
      ]);
    } finally {
      await Promise.all([ahead.stop(), behind.stop()]);
    }
  });

  it('fails a Temporal namespace that does not exist, naming it, and an unreachable Temporal (exit 5)', async () => {
    const run = await doctor(['--temporal-address', temporal.address, '--namespace', 'no-such-ns']);
    expect(run.code).toBe(1);
    expect(verdicts(run).temporal).toEqual([
      'FAIL',
      expect.stringMatching(/^--namespace "no-such-ns" does not exist on Temporal at /),
    ]);
    const port = await freePort();
    const gone = await doctor(['--temporal-address', `127.0.0.1:${port}`]);
    expect(gone.code).toBe(5);
    expect(verdicts(gone).temporal).toEqual([
      'FAIL',
      expect.stringContaining(`Could not reach Temporal at 127.0.0.1:${port}`),
    ]);
  });

  it('fails an NDJSON directory that cannot be written', async () => {
    // A path under a regular file: not writable even by root, who ignores permission bits.
    const file = join(cwd, 'a-file');
    await writeFile(file, 'x');
    const run = await doctor(['--sink', `ndjson:${file}/sms`]);
    expect(run.code).toBe(1);
    expect(verdicts(run).sink).toEqual([
      'FAIL',
      `cannot write NDJSON files in ${file}/sms (ENOTDIR): pick a directory this user may write, or fix its permissions`,
    ]);
  });

  it('fails a PostgreSQL role without CREATE, even on an existing table it may write (the sink creates IF NOT EXISTS)', async () => {
    const url = roleUrl('doctor_nocreate');
    const fresh = await doctor(['--sink', `postgres:${url}`]);
    expect(fresh.code).toBe(1);
    expect(verdicts(fresh).sink).toEqual([
      'FAIL',
      expect.stringContaining('permission denied for schema public'),
    ]);
    psql(
      `CREATE TABLE granted_sms (engagement_id text PRIMARY KEY, start_time timestamptz, end_time timestamptz, direction text, record jsonb NOT NULL, window_id text NOT NULL, first_seen_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
       GRANT SELECT, INSERT, UPDATE ON granted_sms TO doctor_nocreate;`,
    );
    const existing = await doctor(['--sink', `postgres:${url}`, '--table', 'granted_sms']);
    expect(existing.code).toBe(1);
    expect(verdicts(existing).sink?.[1]).toContain('needs CREATE on the schema even when the tables exist');
  });

  it('says a named worker connection can only be checked where it is set', async () => {
    const run = await doctor(['--sink', 'postgres:archive']);
    expect(run.code).toBe(0);
    expect(verdicts(run).sink).toEqual([
      'skipped',
      expect.stringContaining('ZCC_PG_URL_ARCHIVE is not set here'),
    ]);
  });

  it('never printed a secret: client secret, access token, PostgreSQL password', () => {
    expect(printed.length).toBeGreaterThan(10);
    const all = printed.map((r) => r.stdout + r.stderr).join('\n');
    expect(all).toContain('postgres'); // the PostgreSQL runs are in there
    expect(all).not.toContain(sandbox.credentials.clientSecret);
    expect(all).not.toContain(TOKEN_PREFIX);
    expect(all).not.toContain(pgPassword);
    expect(all).not.toMatch(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/);
  });
});
