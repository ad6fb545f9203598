/**
 * Each error class as a user meets it: the exit code, the one line on stderr naming what to fix, no
 * request sent for bad input, no stack trace unless --debug.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { freePort } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-process.ts';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: { from: '2026-01-01', to: '2026-02-28', records: 200, seed: 3 } });
  dir = await mkdtemp(join(tmpdir(), 'zcc-cli-errors-'));
});

afterAll(async () => {
  await sandbox.stop();
  await rm(dir, { recursive: true, force: true });
});

const RANGE = ['--from', '2026-01-01', '--to', '2026-01-31'];

async function usageError(args: string[], expected: string): Promise<void> {
  const before = sandbox.stats().requests;
  const run = await runCli(['export', ...args], { env: sandbox.env });
  expect(run.stderr).toBe(`zcc-sms: ${expected}\n`);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(sandbox.stats().requests).toBe(before);
}

describe('usage errors exit 2 with one line naming the flag, the value and the fix, before any request', () => {
  it('rejects impossible dates', () =>
    usageError(
      ['--from', '2026-02-30', '--to', '2026-03-31'],
      '--from "2026-02-30" is not a real date; use yyyy-mm-dd or ISO 8601 such as 2026-01-01T00:00:00Z',
    ));

  it('rejects a range that ends before it starts', () =>
    usageError(
      ['--from', '2026-03-01', '--to', '2026-01-31'],
      '--to "2026-01-31" is before from (2026-03-01); swap from and to',
    ));

  it('requires --to with --from', () =>
    usageError(
      ['--from', '2026-03-01'],
      '--to is missing but from is set; pass to as well (Zoom requires both)',
    ));

  it('rejects an unknown direction', async () => {
    const run = await runCli(['export', ...RANGE, '--direction', 'sideways'], { env: sandbox.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^zcc-sms: --direction "sideways" is not valid \(.*\); use inbound or outbound\n$/,
    );
  });

  it('rejects a country that is not an ISO code', async () => {
    const run = await runCli(['export', ...RANGE, '--country', 'USA'], { env: sandbox.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^zcc-sms: --country .*"USA".* use two-letter upper-case ISO 3166 codes such as US, GB, DE\n$/,
    );
  });

  it('rejects a bad concurrency, format, plan and quota policy', async () => {
    await usageError(
      [...RANGE, '--concurrency', '0'],
      '--concurrency "0" is not a whole number above 0; use a whole number such as 4',
    );
    await usageError(
      [...RANGE, '--format', 'xml'],
      '--format "xml" is not a format; use ndjson (default) or csv',
    );
    await usageError(
      [...RANGE, '--plan', 'enterprise'],
      '--plan "enterprise" is not a plan; use pro or business (Business and above share the business limits)',
    );
    await usageError(
      [...RANGE, '--on-quota', 'sleep'],
      '--on-quota "sleep" is not a choice; use wait (the default) or exit',
    );
  });

  it('suggests the flag meant by a typo', () =>
    usageError(
      ['--form', '2026-01-01'],
      'unknown flag --form for `export`; did you mean --from? Run `zcc-sms export --help` for the flags.',
    ));

  it('names a missing value', () =>
    usageError(['--from'], '--from needs a value (--from DATE). Run `zcc-sms export --help` for the flags.'));

  it('refuses an output path in a missing directory', () =>
    usageError(
      [...RANGE, '--output', join(dir, 'missing', 'x.ndjson')],
      `--output "${join(dir, 'missing', 'x.ndjson')}": the directory ${join(dir, 'missing')} does not exist or is not writable; create it or pick another path`,
    ));

  it('names the missing credential and where to set it', async () => {
    const run = await runCli(['export', ...RANGE], {
      env: { ...sandbox.env, ZOOM_CLIENT_SECRET: '' },
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'zcc-sms: ZOOM_CLIENT_SECRET is not set; set it in the environment or in .env (or pass --client-secret) to the value from your Server-to-Server OAuth app in the Zoom App Marketplace. No Zoom account? Try `zcc-sms sandbox` or `zcc-sms demo`.\n',
    );
  });

  it('names an unknown command', async () => {
    const run = await runCli(['exprot']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'zcc-sms: unknown command "exprot"; did you mean `zcc-sms export`? Run `zcc-sms --help` for the list.\n',
    );
  });
});

describe('credentials, network and debug', () => {
  it("exits 3 on rejected credentials with Zoom's reason and where to fix them", async () => {
    const run = await runCli(['export', ...RANGE], {
      env: { ...sandbox.env, ZOOM_CLIENT_SECRET: 'not-the-secret' },
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Invalid client_id or client_secret');
    expect(run.stderr).toContain('Zoom App Marketplace');
    expect(run.stderr).toContain('ZOOM_CLIENT_SECRET');
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('exits 5 naming the token URL that could not be reached', async () => {
    const port = await freePort();
    const run = await runCli(['export', ...RANGE, '--token-url', `http://127.0.0.1:${port}/oauth/token`], {
      env: sandbox.env,
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(
      new RegExp(`^zcc-sms: Could not reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 5 naming the API URL that could not be reached', async () => {
    const port = await freePort();
    const run = await runCli(
      ['export', ...RANGE, '--max-attempts', '2', '--api-base-url', `http://127.0.0.1:${port}/v2`],
      {
        env: sandbox.env,
      },
    );
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(new RegExp(`^zcc-sms: Could not reach http://127\\.0\\.0\\.1:${port}: `));
    expect(run.stderr).toContain('ZOOM_API_BASE_URL');
  });

  it('rejects a base URL that is not a URL before any request', async () => {
    const run = await runCli(['export', ...RANGE], {
      env: { ...sandbox.env, ZOOM_API_BASE_URL: 'api.zoom.us/v2' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'zcc-sms: --api-base-url (ZOOM_API_BASE_URL) "api.zoom.us/v2" is not an http(s) URL; use a URL such as https://api.zoom.us/v2\n',
    );
  });

  it('shows a stack trace only with --debug', async () => {
    const env = { ...sandbox.env, ZOOM_CLIENT_SECRET: 'not-the-secret' };
    const plain = await runCli(['export', ...RANGE], { env });
    const debug = await runCli(['export', ...RANGE, '--debug'], { env });
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/ZoomCredentialsError: .*\n\s+at /);
  });
});
