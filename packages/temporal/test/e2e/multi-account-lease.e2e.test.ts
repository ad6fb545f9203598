/**
 * Two workers holding the same accounts file, no share set by hand: each paying account's limits are
 * leased from that account's coordinator workflow, so together the workers keep every account under its
 * per-second limit. Four sandbox accounts at 10 requests/s; `sub` is a sub-account read through
 * `master`'s app under `masterReadsCharge: 'both'` (the client's safe reading), against the sandbox
 * charging either way Zoom might (`master` or `subAccount`). Each account's exact set lands and its 429s
 * stay ≤ 1 % of the requests charged to it. Without the leases each worker paces every account at its
 * full limit, twice what the account allows, and the 429 share is far above 1 %.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MasterReadsCharge } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MultiAccountBackfillInput,
  parseZoomAccounts,
  startMultiAccountBackfill,
} from '../../src/index.ts';
import { expectExactSet, type Harness, ndjsonIds, startHarness } from '../support/helpers.ts';

const RANGE = { from: '2025-01-01', to: '2025-06-30' };
const DATA = { from: '2025-01-01', to: '2025-07-01', lateFraction: 0, records: 600 };
const LIMIT = { perSecond: 10, daily: null };
/** The top-level sandbox account (whose counters are the whole sandbox's), then the others. */
const MAIN = 'own-a';
const OTHERS = ['master', 'own-d', 'sub'];

describe.each<MasterReadsCharge>(['master', 'subAccount'])(
  "two multi-account workers, the sandbox charging a master's reads of a sub-account to %s",
  (charge) => {
    let h: Harness;
    let root: string;

    beforeAll(async () => {
      h = await startHarness({
        seed: 1415,
        clock: { mode: 'accelerated', factor: 1, start: '2025-07-15T12:00:00Z' },
        name: MAIN,
        dataset: DATA,
        rateLimit: LIMIT,
        latencyMs: 20,
        masterReadsCharge: charge,
        accounts: OTHERS.map((name) => ({
          name,
          dataset: DATA,
          rateLimit: LIMIT,
          ...(name === 'master' ? { subAccounts: ['sub'] } : {}),
        })),
      });
      root = await mkdtemp(join(tmpdir(), 'zcc-account-leases-'));
    });

    afterAll(async () => {
      await h?.close();
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('land every account’s exact set with 429s ≤ 1 % of each account’s requests', async () => {
      const { sandbox } = h;
      const names = [MAIN, ...OTHERS];
      const accounts = parseZoomAccounts(
        {
          masterReadsCharge: 'both',
          accounts: Object.fromEntries(
            names.map((name) => {
              const c = sandbox.account(name).credentials;
              return name === 'sub'
                ? [name, { master: 'master', subAccountId: c.accountId }]
                : [name, { accountId: c.accountId, clientId: c.clientId, clientSecret: c.clientSecret }];
            }),
          ),
        },
        'test accounts',
      );
      const zoom = { baseUrl: sandbox.baseUrl, tokenUrl: sandbox.tokenUrl, clock: h.clock };
      // No workerShare: each worker would pace every account at its full limit but for the leases.
      for (let i = 0; i < 2; i++) await h.startWorker({ zoom, accounts, maxConcurrentWindows: 8 });

      const input: MultiAccountBackfillInput = {
        ...RANGE,
        accounts: names.map((account) => ({ account, sink: { type: 'ndjson', dir: join(root, account) } })),
        // Six month windows per account, four at a time: every account's windows spread over both workers.
        options: { rate: { perSecond: 10 }, pageSize: 5, windowConcurrency: 4, plan: false },
      };
      sandbox.control.resetStats();
      const { handle } = await startMultiAccountBackfill(h.client, input, { taskQueue: h.taskQueue });
      const result = await handle.result();

      for (const name of names) {
        const ids = await ndjsonIds(join(root, name));
        expectExactSet(ids, sandbox.account(name).groundTruth(RANGE));
        expect(result.accounts[name]!.records).toBe(ids.length);
      }
      // The sub-account was read through the master's app, on the twin's path.
      expect(sandbox.account('sub').stats().recordsServed).toBeGreaterThan(0);

      // The top-level account's counters are the whole sandbox's: it stands for the total.
      const rows = names.map((name) => {
        const stats = sandbox.account(name).stats();
        const rateLimited = stats.rateLimited.perSecond + stats.rateLimited.daily;
        return { name, requests: stats.apiRequests, rateLimited };
      });
      console.info(
        `multi-account leases (charge ${charge}): ` +
          rows.map((r) => `${r.name} ${r.rateLimited}/${r.requests} 429s`).join(', '),
      );
      for (const row of rows) {
        // Under `master` the sub-account's reads are charged to the master alone.
        if (row.name === 'sub' && charge === 'master') {
          expect(row.requests).toBe(0);
          continue;
        }
        expect(row.requests, row.name).toBeGreaterThan(100);
        expect(row.rateLimited, `${row.name}: 429s`).toBeLessThanOrEqual(row.requests / 100);
      }
    }, 300_000);
  },
);
