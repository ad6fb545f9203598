/**
 * Budgets keyed by the account that pays, over real HTTP against a sandbox serving a master and two
 * sub-accounts. Whose limits a master's reads of a sub-account spend is UNCONFIRMED, so the sandbox plays
 * both; the worker's default (`both`) and the matching setting never draw a 429, the wrong one does.
 */
import type { SmsRecord } from '@zcc-sms/core';
import { timerSleep } from '@zcc-sms/core/node';
import { type Sandbox, type MasterReadsCharge as SandboxCharge, startSandbox } from '@zcc-sms/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createZoomAccountPools } from '../src/account-pools.ts';
import { type MasterReadsCharge, parseZoomAccounts, payerKeys } from '../src/zoom-accounts.ts';

// Sandbox time runs 2× faster: ~50 paced requests at 4/s take ~7 s of wall time, and a 429 would need
// a stall of half a second (the sandbox's bucket holds a second of requests), which a loaded machine
// seldom has; at 5× a 200 ms stall sufficed.
const FACTOR = 2;
const RANGE = { from: '2025-11-01', to: '2026-01-31' };
const LIMIT = 4;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function readBothSubs(sandboxCharge: SandboxCharge, workerCharge: MasterReadsCharge) {
  const box = await startSandbox({
    clock: { mode: 'accelerated', factor: FACTOR, start: '2026-02-15T00:00:00Z' },
    dataset: { from: '2025-11-01', to: '2026-02-01', records: 200 },
    name: 'hq',
    rateLimit: { perSecond: LIMIT },
    subAccounts: ['emea', 'apac'],
    masterReadsCharge: sandboxCharge,
    accounts: ['emea', 'apac'].map((name) => ({
      name,
      dataset: { from: '2025-11-01', to: '2026-02-01', records: 500 },
      rateLimit: { perSecond: LIMIT },
    })),
  });
  sandbox = box;
  const hq = box.account('hq').credentials;
  const accounts = parseZoomAccounts(
    {
      masterReadsCharge: workerCharge,
      accounts: {
        hq: { accountId: hq.accountId, clientId: hq.clientId, clientSecret: hq.clientSecret },
        emea: { master: 'hq', subAccountId: box.account('emea').credentials.accountId },
        apac: { master: 'hq', subAccountId: box.account('apac').credentials.accountId },
      },
    },
    'test',
  );
  const pools = createZoomAccountPools({
    accounts,
    baseUrl: box.baseUrl,
    tokenUrl: box.tokenUrl,
    clock: { now: () => box.control.clock.now() },
    sleep: (ms, signal) => timerSleep(ms / FACTOR, signal),
  });
  try {
    const read = async (name: string) => {
      const client = pools.pool(name).get({ perSecond: LIMIT });
      const ids: string[] = [];
      const records: AsyncIterable<SmsRecord> = client.sms.records(RANGE, { concurrency: 3, pageSize: 25 });
      for await (const record of records) ids.push(record.engagement_id);
      return ids;
    };
    const [emea, apac] = await Promise.all([read('emea'), read('apac')]);
    for (const [name, ids] of [
      ['emea', emea],
      ['apac', apac],
    ] as const) {
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(box.account(name).groundTruth(RANGE));
    }
    return { stats: box.stats(), requests: box.stats().apiRequests };
  } finally {
    await pools.close();
  }
}

describe('payerKeys', () => {
  const accounts = (charge: MasterReadsCharge) =>
    parseZoomAccounts(
      {
        masterReadsCharge: charge,
        accounts: {
          hq: { accountId: 'hq1', clientId: 'c', clientSecret: 's' },
          emea: { master: 'hq', subAccountId: 'emea1' },
        },
      },
      'accounts.json',
    );
  it.each([
    ['both', ['emea1', 'hq1']],
    ['master', ['hq1']],
    ['subAccount', ['emea1']],
  ] as const)('a sub-account read with %s spends %j', (charge, keys) => {
    expect(payerKeys(accounts(charge), 'emea')).toEqual(keys);
    expect(payerKeys(accounts(charge), 'hq')).toEqual(['hq1']);
  });
  it('defaults to both, the safe reading', () => {
    const parsed = parseZoomAccounts(
      { accounts: { hq: { accountId: 'hq1', clientId: 'c', clientSecret: 's' } } },
      'f',
    );
    expect(parsed.masterReadsCharge).toBe('both');
  });
  it.each([
    [{ accounts: { 'bad name!': {} } }, /accounts: "bad name!" is not an account name/],
    [
      { accounts: { a: { master: 'nobody', subAccountId: 'x1' } } },
      /accounts\.a\.master: "nobody" is not an account with its own app/,
    ],
    [
      { accounts: { a: { accountId: 'a1', clientId: 'c' } } },
      /accounts\.a\.clientSecret: "undefined" is missing/,
    ],
    [{ accounts: { a: 'sup3r-s3cret' } }, /accounts\.a: "string" is not an object/],
    [{ masterReadsCharge: 'mine', accounts: {} }, /masterReadsCharge: "mine" is not valid; use both/],
  ])('refuses a bad file with the field and the fix: %j', (json, message) => {
    expect(() => parseZoomAccounts(json, 'accounts.json')).toThrow(message);
    try {
      parseZoomAccounts(json, 'accounts.json');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('sup3r-s3cret');
    }
  });
});

describe('budget keyed by the payer, under both UNCONFIRMED variants', () => {
  it.each([
    ['master', 'both'],
    ['subAccount', 'both'],
    ['master', 'master'],
    ['subAccount', 'subAccount'],
  ] as const)(
    'sandbox charges the %s, worker set to %s: exact sets, no 429',
    async (sandboxCharge, workerCharge) => {
      const { stats } = await readBothSubs(sandboxCharge, workerCharge);
      expect(stats.rateLimited).toEqual({ perSecond: 0, daily: 0 });
    },
    60_000,
  );

  it('the wrong setting (sub-accounts pay, but Zoom charges the master) does draw 429s', async () => {
    const { stats } = await readBothSubs('master', 'subAccount');
    expect(stats.rateLimited.perSecond).toBeGreaterThan(0);
  }, 60_000);
});
