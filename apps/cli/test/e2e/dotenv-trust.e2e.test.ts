/**
 * A `.env` in the working directory is trusted only so far: the variables that run a program
 * (`TEMPORAL_CLI_PATH`) or receive the client credentials (`ZOOM_OAUTH_TOKEN_URL`) are announced on use,
 * and the embedded Temporal server gets an allow-listed environment — none of the `.env` secrets. The
 * server is started through a wrapper (named by `.env`) that records the environment it was given.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { expectSameSet, ndjsonDirIds } from '../support/landed.ts';

const FROM = '2026-01-01';
const TO = '2026-01-31';
let sandbox: Sandbox;
let cwd: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-02-02T00:00:00Z' },
    dataset: { from: FROM, to: TO, records: 300, seed: 13, lateFraction: 0 },
  });
  cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-dotenv-'));
});
afterAll(async () => {
  await sandbox?.stop();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

it('announces TEMPORAL_CLI_PATH and ZOOM_OAUTH_TOKEN_URL from ./.env and keeps .env secrets from the embedded server', async () => {
  const temporal = process.env.TEMPORAL_CLI_PATH;
  if (!temporal)
    throw new Error(
      'TEMPORAL_CLI_PATH is not set: source scripts/env.sh (scripts/bootstrap builds temporal)',
    );
  const wrapper = join(cwd, 'temporal-wrapper.sh');
  const envDump = join(cwd, 'server-env.txt');
  await writeFile(wrapper, `#!/bin/sh\nenv > '${envDump}'\nexec '${temporal}' "$@"\n`);
  await chmod(wrapper, 0o755);
  const pgPassword = 'pg-dotenv-secret-7f3a';
  await writeFile(
    join(cwd, '.env'),
    [
      `TEMPORAL_CLI_PATH=${wrapper}`,
      `ZOOM_OAUTH_TOKEN_URL=${sandbox.tokenUrl}`,
      `ZCC_PG_URL=postgres://etl:${pgPassword}@127.0.0.1:1/zoom`,
      '',
    ].join('\n'),
  );
  const run = await runCli(['backfill', '--from', FROM, '--to', TO, '--sink', 'ndjson:./out'], {
    cwd,
    env: {
      ...sandbox.env,
      TEMPORAL_CLI_PATH: undefined,
      ZOOM_OAUTH_TOKEN_URL: undefined,
    },
    timeoutMs: 120_000,
  });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain(
    `notice: TEMPORAL_CLI_PATH=${wrapper} comes from ./.env: zcc-sms runs that program to start the embedded Temporal`,
  );
  expect(run.stderr).toContain(
    `notice: ZOOM_OAUTH_TOKEN_URL=${sandbox.tokenUrl} comes from ./.env: your Zoom client ID and secret are sent there`,
  );
  const check = expectSameSet(
    await ndjsonDirIds(join(cwd, 'out')),
    sandbox.groundTruth({ from: FROM, to: TO }),
  );
  expect(check.ok, check.detail).toBe(true);

  const serverEnv = await readFile(envDump, 'utf8');
  expect(serverEnv).toMatch(/^PATH=/m);
  // Neither the client secret of the environment nor a secret of .env.
  expect(serverEnv).not.toContain(sandbox.credentials.clientSecret);
  expect(serverEnv).not.toContain(pgPassword);
  expect(serverEnv).not.toMatch(/^(ZOOM_|ZCC_|TEMPORAL_)/m);
});

it('says nothing when those variables come from the environment, or the token URL comes with its own secret', async () => {
  const own = await mkdtemp(join(tmpdir(), 'zcc-cli-own-dotenv-'));
  try {
    // `zcc-sms sandbox > .env`: the token URL and the client secret it receives come from one file.
    await writeFile(
      join(own, '.env'),
      `ZOOM_OAUTH_TOKEN_URL=${sandbox.tokenUrl}\nZOOM_CLIENT_SECRET=${sandbox.credentials.clientSecret}\n`,
    );
    const run = await runCli(['plan', '--from', FROM, '--to', TO], {
      cwd: own,
      env: { ...sandbox.env, ZOOM_OAUTH_TOKEN_URL: undefined, ZOOM_CLIENT_SECRET: undefined },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('notice:');
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});
