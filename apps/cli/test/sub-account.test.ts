/**
 * `--sub-account`: a master account's credentials read a sub-account through the master-account twin,
 * as the CLI process does it against a sandbox serving both accounts over real HTTP.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-process.ts';

const RANGE = ['--from', '2025-10-01', '--to', '2025-12-31'];
const FAST = ['--max-rps', '500'];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-01-10T00:00:00Z' },
    name: 'hq',
    subAccounts: ['emea'],
    dataset: { from: '2025-10-01', to: '2026-01-01', records: 300, seed: 3, lateFraction: 0 },
    accounts: [
      { name: 'emea', dataset: { from: '2025-10-01', to: '2026-01-01', records: 450, lateFraction: 0 } },
    ],
  });
});
afterAll(() => sandbox.stop());

const ids = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { engagement_id: string }).engagement_id)
    .sort();

describe('--sub-account', () => {
  it('export reads the sub-account’s exact set with the master’s credentials', async () => {
    const emea = sandbox.account('emea');
    const run = await runCli(['export', ...RANGE, ...FAST, '--sub-account', emea.credentials.accountId], {
      env: sandbox.env,
    });
    expect(run.code, run.stderr).toBe(0);
    const landed = ids(run.stdout);
    expect(new Set(landed).size).toBe(landed.length);
    expect(landed).toEqual(emea.groundTruth({ from: '2025-10-01', to: '2025-12-31' }));
  });

  it('ZOOM_SUB_ACCOUNT_ID does the same from the environment, and plan counts that account', async () => {
    const emea = sandbox.account('emea');
    const run = await runCli(['plan', ...RANGE, ...FAST, '--json'], {
      env: { ...sandbox.env, ZOOM_SUB_ACCOUNT_ID: emea.credentials.accountId },
    });
    expect(run.code, run.stderr).toBe(0);
    // The plan's month probes count the sub-account (records on a month edge are counted in both months).
    const planned = (JSON.parse(run.stdout) as { totalRecords: number }).totalRecords;
    const truth = emea.groundTruth({ from: '2025-10-01', to: '2025-12-31' }).length;
    expect(planned).toBeGreaterThanOrEqual(truth);
    expect(planned).toBeLessThan(truth + 10);
    expect(sandbox.groundTruth({ from: '2025-10-01', to: '2025-12-31' }).length).toBeLessThan(truth - 100);
  });

  it('refuses a malformed id before any request, naming the flag (exit 2)', async () => {
    sandbox.control.resetStats();
    const run = await runCli(['export', ...RANGE, '--sub-account', 'https://zoom.us/a/b'], {
      env: sandbox.env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--sub-account:? "https:\/\/zoom\.us\/a\/b" is not a Zoom account id/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(sandbox.stats().requests).toBe(0);
  });

  it('an account the master may not read fails with Zoom’s answer, not an empty export', async () => {
    const run = await runCli(['export', ...RANGE, ...FAST, '--sub-account', 'NotASubAccount123'], {
      env: sandbox.env,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Account does not exist/);
    expect(run.stdout).toBe('');
  });

  it('doctor checks the endpoint through the twin, and fails the check for an account it may not read', async () => {
    const emea = sandbox.account('emea').credentials.accountId;
    const ok = await runCli(['doctor', '--sub-account', emea], { env: sandbox.env });
    // The clock-skew check fails here (the sandbox's manual clock is months behind): the endpoint line matters.
    expect(ok.stdout).toMatch(
      new RegExp(
        `^ok\\s+endpoint\\s+GET \\S+/v2/accounts/${emea}/contact_center/sms\\?page_size=1 answered`,
        'm',
      ),
    );
    const denied = await runCli(['doctor', '--sub-account', 'NotASubAccount123'], { env: sandbox.env });
    expect(denied.code).not.toBe(0);
    expect(denied.stdout + denied.stderr).toMatch(/endpoint.*\n?.*Account does not exist/);
  });

  it('a worker refuses --sub-account and says where sub-accounts go (its --accounts file)', async () => {
    const run = await runCli(['worker', '--sub-account', sandbox.account('emea').credentials.accountId], {
      env: sandbox.env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--sub-account \(ZOOM_SUB_ACCOUNT_ID\) is for one-off commands; a worker holds sub-accounts in its --accounts file/,
    );
  });
});
