/**
 * Several accounts in one sandbox: each app reads its own data, a master reads its sub-accounts through
 * `/accounts/{accountId}/contact_center/sms`, anyone else gets Zoom's 404, and the UNCONFIRMED charging of
 * master reads is played both ways.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MasterReadsCharge, Sandbox, SandboxAccount } from '../src/index.ts';
import { startSandbox } from '../src/index.ts';
import { basicAuth, getJson, listSms } from './support/http.ts';

const RANGE = { from: '2026-01-01', to: '2026-01-31' };

async function tokenOf(sandbox: Sandbox, account: SandboxAccount): Promise<string> {
  const { accountId, clientId, clientSecret } = account.credentials;
  const r = await getJson(`${sandbox.tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, {
    method: 'POST',
    headers: { authorization: basicAuth(clientId, clientSecret) },
  });
  expect(r.status).toBe(200);
  return r.body.access_token as string;
}

async function idsVia(sandbox: Sandbox, token: string, path: string): Promise<string[]> {
  const ids: string[] = [];
  let next = '';
  for (let page = 0; page < 100; page++) {
    const r = await listSms(
      sandbox,
      token,
      { ...RANGE, page_size: 100, next_page_token: next || undefined },
      path,
    );
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    ids.push(...r.body.sms.map((s: { engagement_id: string }) => s.engagement_id));
    next = r.body.next_page_token;
    if (next === '') return ids.sort();
    // A second between pages: every account's per-second bucket refills (east is on Pro's 5/s).
    sandbox.control.clock.advance(1000);
  }
  throw new Error('more than 100 pages');
}

function start(masterReadsCharge?: MasterReadsCharge): Promise<Sandbox> {
  return startSandbox({
    clock: { mode: 'manual', start: '2026-02-10T00:00:00Z' },
    dataset: { from: '2026-01-01', to: '2026-02-01', records: 300 },
    name: 'master',
    subAccounts: ['east', 'west'],
    masterReadsCharge,
    accounts: [
      { name: 'east', dataset: { from: '2026-01-01', to: '2026-02-01', records: 250 }, rateLimit: 'pro' },
      { name: 'west', dataset: { from: '2026-01-01', to: '2026-02-01', records: 200 } },
      { name: 'other', dataset: { from: '2026-01-01', to: '2026-02-01', records: 150 } },
    ],
  });
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

describe('several accounts', () => {
  it('gives each app its own account: own credentials, own data, disjoint ids', async () => {
    sandbox = await start();
    const seen = new Set<string>();
    for (const account of sandbox.accounts) {
      const ids = await idsVia(sandbox, await tokenOf(sandbox, account), '/contact_center/sms');
      expect(ids).toEqual(account.groundTruth(RANGE));
      expect(ids.length).toBeGreaterThan(100);
      for (const id of ids) expect(seen.has(id)).toBe(false);
      for (const id of ids) seen.add(id);
      // The twin with its own id reads the same.
      const twin = await idsVia(
        sandbox,
        await tokenOf(sandbox, account),
        `/accounts/${account.credentials.accountId}/contact_center/sms`,
      );
      expect(twin).toEqual(ids);
    }
    expect(new Set(sandbox.accounts.map((a) => a.credentials.clientId)).size).toBe(4);
  });

  it('refuses one app’s secret with another app’s client id', async () => {
    sandbox = await start();
    const east = sandbox.account('east');
    const west = sandbox.account('west');
    const r = await getJson(
      `${sandbox.tokenUrl}?grant_type=account_credentials&account_id=${east.credentials.accountId}`,
      {
        method: 'POST',
        headers: { authorization: basicAuth(east.credentials.clientId, west.credentials.clientSecret) },
      },
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'invalid_client' });
  });

  it('lets the master read its sub-accounts through the twin, and nobody else', async () => {
    sandbox = await start();
    const master = sandbox.account('master');
    const east = sandbox.account('east');
    const other = sandbox.account('other');
    expect(master.subAccountIds).toEqual([
      east.credentials.accountId,
      sandbox.account('west').credentials.accountId,
    ]);
    const token = await tokenOf(sandbox, master);
    expect(
      await idsVia(sandbox, token, `/accounts/${east.credentials.accountId}/contact_center/sms`),
    ).toEqual(east.groundTruth(RANGE));
    // Not its sub-account: 404 code 2001, as for an unknown account.
    const denied = await listSms(
      sandbox,
      token,
      RANGE,
      `/accounts/${other.credentials.accountId}/contact_center/sms`,
    );
    expect(denied.status).toBe(404);
    expect(denied.body).toMatchObject({ code: 2001 });
    // A sub-account may not read its master, nor a sibling.
    const eastToken = await tokenOf(sandbox, east);
    for (const target of [master, sandbox.account('west')]) {
      const r = await listSms(
        sandbox,
        eastToken,
        RANGE,
        `/accounts/${target.credentials.accountId}/contact_center/sms`,
      );
      expect(r.status).toBe(404);
    }
  });

  it('rejects a page token of one account on another account’s data', async () => {
    sandbox = await start();
    const master = sandbox.account('master');
    const east = sandbox.account('east');
    const token = await tokenOf(sandbox, master);
    const first = await listSms(sandbox, token, { ...RANGE, page_size: 10 }, '/contact_center/sms');
    const r = await listSms(
      sandbox,
      token,
      { ...RANGE, page_size: 10, next_page_token: first.body.next_page_token },
      `/accounts/${east.credentials.accountId}/contact_center/sms`,
    );
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/page token/);
  });

  it.each([
    ['subAccount', 'east'],
    ['master', 'master'],
  ] as const)(
    'charges a master’s read of a sub-account to the %s (UNCONFIRMED: both played)',
    async (charge, payer) => {
      sandbox = await start(charge);
      const master = sandbox.account('master');
      const east = sandbox.account('east');
      master.setRateLimit({ perSecond: 2 });
      east.setRateLimit({ perSecond: 3 });
      const token = await tokenOf(sandbox, master);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await listSms(
          sandbox,
          token,
          RANGE,
          `/accounts/${east.credentials.accountId}/contact_center/sms`,
        );
        statuses.push(r.status);
      }
      // The clock is manual: the bucket of whoever pays admits its capacity, then 429s.
      const admitted = payer === 'east' ? 3 : 2;
      expect(statuses).toEqual([...Array(admitted).fill(200), ...Array(6 - admitted).fill(429)]);
      const throttled = sandbox.account(payer).stats().rateLimited.perSecond;
      expect(throttled).toBe(6 - admitted);
    },
  );
});
