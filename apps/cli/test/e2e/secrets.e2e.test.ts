/**
 * Secrets never reach the terminal: every byte the CLI prints in a set of runs — successes, failures,
 * `--debug`, the secret passed as a flag, retries and token refreshes — is searched for the client secret
 * and for access tokens. The sandbox does not hand out the tokens it issued, so the search is for their
 * shape (every sandbox token starts with the same JWT-like header) and for `Bearer`/`Basic` credentials.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';

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

/**
 * The other secrets a user configures — a PostgreSQL password (`ZCC_PG_URL`), the codec key, a Temporal
 * API key — from the environment or `.env`, never printed either: not when a proxy in front of the token
 * endpoint echoes them in its error page, not in a cause chain quoting a response body, not in a mistyped
 * sink URL, not in a codec configuration error.
 */
it('never prints ZCC_PG_URL passwords, the codec key, TEMPORAL_API_KEY or a body fragment in a cause chain', async () => {
  const pgPassword = `pg-${randomBytes(6).toString('hex')}`;
  const codecKey = randomBytes(32).toString('base64');
  const apiKey = `tk-${randomBytes(8).toString('hex')}`;
  const secrets = {
    ZCC_PG_URL: `postgres://etl:${pgPassword}@127.0.0.1:1/zoom`,
    ZCC_PG_URL_ARCHIVE: `postgres://etl:${pgPassword}-2@127.0.0.1:1/zoom`,
    ZCC_CODEC_KEY: codecKey,
    TEMPORAL_API_KEY: apiKey,
  };
  // A misbehaving proxy in front of the token endpoint: an error page quoting the secrets (short enough to
  // reach the error message), or a 200 whose body is not JSON and starts with one (JSON.parse quotes it).
  const proxy: Server = createServer((req, res) => {
    if (req.url?.startsWith('/bad-gateway')) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error ${pgPassword} ${apiKey} ${codecKey}`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${codecKey} ${apiKey} {"access_token":"x"`);
    }
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-secrets-env-'));
  const dates = ['--from', '2025-12-01', '--to', '2025-12-31', '--debug'];
  const range = [...dates, '--max-attempts', '1'];
  try {
    const env = { ...sandbox.env, ...secrets };
    const runs = await Promise.all([
      runCli(['export', ...range, '--token-url', `${proxyUrl}/bad-gateway/oauth/token`], { env }),
      runCli(['export', ...range, '--token-url', `${proxyUrl}/not-json/oauth/token`], { env }),
      runCli(['backfill', ...dates, '--sink', `mysql://root:${pgPassword}@db/zoom`], { env }),
      runCli(['backfill', ...dates, '--sink', 'ndjson:./out'], {
        env: { ...env, ZCC_CODEC_OLD_KEYS: `default:${codecKey}` },
      }),
    ]);
    // The same secrets from .env instead of the environment.
    await writeFile(
      join(cwd, '.env'),
      Object.entries(secrets)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    runs.push(
      await runCli(['export', ...range, '--token-url', `${proxyUrl}/not-json/oauth/token`], {
        cwd,
        env: sandbox.env,
      }),
      await runCli(['export', ...range, '--token-url', `${proxyUrl}/bad-gateway/oauth/token`], {
        cwd,
        env: sandbox.env,
      }),
    );
    const all = runs.map((r) => r.stdout + r.stderr).join('\n');
    // The runs reached the places a secret could leak from.
    // The core describes a body it cannot trust by its size, never by its text (docs/zoom-api.md, Errors).
    expect(all).toContain('Zoom answered HTTP 502: a ');
    expect(all).toContain('The token endpoint answered with a body that is not JSON');
    expect(all).toContain('names the unknown sink "mysql"');
    expect(all).toContain('reuses the current key id "default"');
    for (const secret of [pgPassword, codecKey, apiKey, codecKey.slice(0, 10), apiKey.slice(0, 10)])
      expect(all).not.toContain(secret);
  } finally {
    proxy.close();
    await rm(cwd, { recursive: true, force: true });
  }
});
