/**
 * `zcc-sms backfill --accounts FILE` end to end: the CLI process with its embedded Temporal and
 * in-process worker, a sandbox serving three accounts over real HTTP (one a sub-account read through
 * its master's app). Each account lands in its own directory with exactly its ground truth; `status`
 * reports every account and the total; no secret of the file is printed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { expectSameSet, ndjsonDirIds } from '../support/landed.ts';

const FROM = '2025-10-01';
const TO = '2025-12-31';
const DATA = { from: FROM, to: '2026-01-01', lateFraction: 0 };

let sandbox: Sandbox;
let cwd: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-01-10T00:00:00Z' },
    name: 'hq',
    subAccounts: ['emea'],
    dataset: { ...DATA, records: 500, seed: 8 },
    accounts: [
      { name: 'east', dataset: { ...DATA, records: 700 } },
      { name: 'emea', dataset: { ...DATA, records: 400 } },
    ],
  });
  cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-accounts-'));
  const creds = (name: string) => {
    const c = sandbox.account(name).credentials;
    return { accountId: c.accountId, clientId: c.clientId, clientSecret: c.clientSecret };
  };
  await writeFile(
    join(cwd, 'accounts.json'),
    JSON.stringify({
      accounts: {
        hq: creds('hq'),
        east: { ...creds('east'), plan: 'business' },
        emea: { master: 'hq', subAccountId: sandbox.account('emea').credentials.accountId },
      },
    }),
  );
});

afterAll(async () => {
  await sandbox.stop();
  await rm(cwd, { recursive: true, force: true });
});

describe('backfill --accounts', () => {
  it('lands each account’s exact set in its own directory, and status shows every account', async () => {
    const env = { ZOOM_API_BASE_URL: sandbox.baseUrl, ZOOM_OAUTH_TOKEN_URL: sandbox.tokenUrl };
    const run = await runCli(
      [
        'backfill',
        '--from',
        FROM,
        '--to',
        TO,
        '--accounts',
        'accounts.json',
        '--sink',
        'ndjson:./out',
        '--json',
      ],
      { cwd, env },
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      workflowId: string;
      total: { records: number; completed: number };
    };
    expect(summary.total.completed).toBe(3);
    let records = 0;
    for (const name of ['hq', 'east', 'emea']) {
      const ids = await ndjsonDirIds(join(cwd, 'out', name));
      const check = expectSameSet(ids, sandbox.account(name).groundTruth({ from: FROM, to: TO }));
      expect(check.ok, `${name}: ${check.detail}`).toBe(true);
      records += ids.length;
    }
    expect(summary.total.records).toBe(records);
    for (const name of ['hq', 'east']) {
      const secret = sandbox.account(name).credentials.clientSecret;
      expect(run.stdout + run.stderr).not.toContain(secret);
    }

    const status = await runCli(['status', summary.workflowId], { cwd });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Multi-account backfill zcc-sms-accounts-/);
    for (const name of ['hq', 'east', 'emea'])
      expect(status.stdout).toMatch(new RegExp(`\\n  ${name}\\s+completed`));
    expect(status.stdout).toMatch(/\n {2}total\s+3\/3 /);
  });
});
