/**
 * Secrets never reach the terminal: every byte the CLI prints in a set of runs — successes, failures,
 * `--debug`, the secret passed as a flag, retries and token refreshes — is searched for the client secret
 * and for access tokens. The sandbox does not hand out the tokens it issued, so the search is for their
 * shape (every sandbox token starts with the same JWT-like header) and for `Bearer`/`Basic` credentials.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './cli-process.ts';

// The fixed first segment of every sandbox access token (packages/sandbox/src/oauth.ts).
const TOKEN_PREFIX = 'eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIn0';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
    dataset: { from: '2025-12-01', to: '2026-02-28', records: 600, seed: 11 },
    faults: { internalError: { everyNth: 4 }, revokeTokenAfterUses: 3, pageTokenExpired: { everyNth: 5 } },
  });
});

afterAll(() => sandbox.stop());

it('never prints the client secret or an access token, even with --debug', async () => {
  const secret = sandbox.credentials.clientSecret;
  const range = ['--from', '2025-12-01', '--to', '2026-02-28', '--max-rps', '500'];
  const runs = await Promise.all([
    runCli(['export', ...range, '--debug', '--progress', '--json'], { env: sandbox.env }),
    // The secret on the command line, too.
    runCli(['export', ...range, '--debug', '--format', 'csv', '--client-secret', secret], {
      env: { ...sandbox.env, ZOOM_CLIENT_SECRET: undefined },
    }),
    runCli(['export', ...range, '--debug'], { env: { ...sandbox.env, ZOOM_CLIENT_SECRET: `${secret}x` } }),
    runCli(['export', ...range, '--debug', '--daily-quota', '2', '--on-quota', 'exit'], { env: sandbox.env }),
    runCli(
      ['export', ...range, '--debug', '--api-base-url', 'http://127.0.0.1:1/v2', '--max-attempts', '1'],
      { env: sandbox.env },
    ),
  ]);
  // The durable path too: embedded Temporal, in-process worker and Temporal's own logs, with --debug.
  const cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-secrets-'));
  try {
    runs.push(
      await runCli(
        [
          'backfill',
          '--from',
          '2026-01-01',
          '--to',
          '2026-02-28',
          '--sink',
          'ndjson:./out',
          '--debug',
          '--progress',
        ],
        { cwd, env: sandbox.env },
      ),
    );
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
  expect(runs.map((r) => r.code)).toEqual([0, 0, 3, 4, 5, 0]);
  // The runs really exercised tokens, refreshes and debug logging, so the search below can find a leak.
  expect(sandbox.stats().tokensIssued).toBeGreaterThan(3);
  const all = runs.map((r) => r.stdout + r.stderr).join('\n');
  expect(all).toContain('debug: ');
  expect(all).not.toContain(secret);
  expect(all).not.toContain(TOKEN_PREFIX);
  expect(all).not.toMatch(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/);
  expect(all).not.toMatch(/"access_token"/);
});
