/**
 * Which leases a worker holding several accounts takes, and when: one per paying account, made when the
 * payer is first used, weighted by the windows of every account it pays for, given back on close. A pure
 * policy of `createZoomAccountPools`, with recording leases (the real ones, across two workers, are in
 * e2e/multi-account-lease.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createZoomAccountPools, type PayerLease } from '../src/account-pools.ts';
import type { LeaseLimits } from '../src/budget-leases.ts';
import { type MasterReadsCharge, parseZoomAccounts } from '../src/zoom-accounts.ts';

interface Recorded {
  readonly payer: string;
  readonly limits: () => LeaseLimits;
  weight: number;
  closed: boolean;
}

function poolsWith(charge: MasterReadsCharge) {
  const accounts = parseZoomAccounts(
    {
      masterReadsCharge: charge,
      accounts: {
        hq: { accountId: 'HQ_ACCOUNT', clientId: 'hq-client', clientSecret: 'hq-secret' },
        solo: { accountId: 'SOLO_ACCOUNT', clientId: 'solo-client', clientSecret: 'solo-secret' },
        emea: { master: 'hq', subAccountId: 'EMEA_ACCOUNT' },
      },
    },
    'test',
  );
  const leases: Recorded[] = [];
  const pools = createZoomAccountPools({
    accounts,
    baseUrl: 'http://127.0.0.1:9/v2',
    lease(payer, limits): PayerLease {
      const recorded: Recorded = { payer, limits, weight: 0, closed: false };
      leases.push(recorded);
      return {
        gate: { acquire: async () => {} },
        async hold(work) {
          recorded.weight += 1;
          try {
            return await work();
          } finally {
            recorded.weight -= 1;
          }
        },
        async close() {
          recorded.closed = true;
        },
      };
    },
  });
  const weights = () => Object.fromEntries(leases.map((l) => [l.payer, l.weight]));
  return { pools, leases, weights };
}

describe('payer leases of a multi-account worker', () => {
  it('takes no lease before a payer is used, then one per payer, held while the window runs', async () => {
    const { pools, leases, weights } = poolsWith('both');
    expect(leases).toEqual([]);
    const during = await pools.hold('emea', async () => weights());
    // A sub-account read under `both` weighs on its own lease and its master's.
    expect(during).toEqual({ EMEA_ACCOUNT: 1, HQ_ACCOUNT: 1 });
    expect(weights()).toEqual({ EMEA_ACCOUNT: 0, HQ_ACCOUNT: 0 });
    // The master's own windows share the master's lease: no second one.
    expect(await pools.hold('hq', async () => weights())).toEqual({ EMEA_ACCOUNT: 0, HQ_ACCOUNT: 1 });
    expect(leases.map((l) => l.payer)).toEqual(['EMEA_ACCOUNT', 'HQ_ACCOUNT']);
    await pools.close();
    expect(leases.every((l) => l.closed)).toBe(true);
  });

  it('holds only the payer Zoom is said to charge', async () => {
    const master = poolsWith('master');
    expect(await master.pools.hold('emea', async () => master.weights())).toEqual({ HQ_ACCOUNT: 1 });
    const sub = poolsWith('subAccount');
    expect(await sub.pools.hold('emea', async () => sub.weights())).toEqual({ EMEA_ACCOUNT: 1 });
  });

  it('asks each lease for its payer’s limits as the backfills describe them', async () => {
    const { pools, leases } = poolsWith('both');
    pools.pool('solo').get({ perSecond: 10, daily: 5_000 });
    expect(leases.map((l) => [l.payer, l.limits()])).toEqual([
      ['SOLO_ACCOUNT', { perSecond: 10, daily: 5_000 }],
    ]);
    await pools.close();
  });

  it('runs the work of a name it does not hold without a lease (the activity then fails with the fix)', async () => {
    const { pools, leases } = poolsWith('both');
    expect(await pools.hold('nobody', async () => 'ran')).toBe('ran');
    expect(leases).toEqual([]);
  });
});
