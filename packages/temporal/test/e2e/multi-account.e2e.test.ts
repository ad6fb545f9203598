/**
 * 20 sandbox accounts × 3 months on 2 workers: one parent workflow fans out one child backfill per
 * account; each account's records land in its own NDJSON directory and equal that account's ground
 * truth exactly. Two accounts are sub-accounts read through a master's app (the twin). The workers hold
 * every credential (an accounts map, as `ZOOM_ACCOUNTS_FILE` gives it); the histories are scanned: no
 * secret in any of them. The server runs with task-queue fairness on, and each child carries its
 * account as the fairness key.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { SandboxAccountOptions } from '@zcc-sms/sandbox';
import { startTemporalDevServer, type TemporalDevServer } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getMultiAccountProgress,
  type MultiAccountBackfillInput,
  parseZoomAccounts,
  startMultiAccountBackfill,
} from '../../src/index.ts';
import { expectExactSet, type Harness, ndjsonIds, startHarness, waitFor } from '../support/helpers.ts';

const NAMES = Array.from({ length: 20 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
const SUBS = ['acct-18', 'acct-19'];
const RANGE = { from: '2025-01-01', to: '2025-03-31' };
const DATA = { from: '2025-01-01', to: '2025-04-01', lateFraction: 0 };

describe('multi-account backfill', () => {
  let temporal: TemporalDevServer;
  let h: Harness;
  let root: string;

  beforeAll(async () => {
    temporal = await startTemporalDevServer({ dynamicConfig: { 'matching.enableFairness': true } });
    const others: SandboxAccountOptions[] = NAMES.slice(1).map((name, i) => ({
      name,
      // One account much larger than the others: fairness keeps it from holding every worker slot.
      dataset: { ...DATA, records: name === 'acct-01' ? 3_000 : 300 + 20 * i },
      rateLimit: 'business',
    }));
    h = await startHarness(
      {
        seed: 1414,
        clock: { mode: 'accelerated', factor: 1, start: '2025-05-01T12:00:00Z' },
        name: NAMES[0],
        dataset: { ...DATA, records: 400 },
        rateLimit: 'business',
        subAccounts: SUBS,
        accounts: others,
      },
      { temporalAddress: temporal.address },
    );
    root = await mkdtemp(join(tmpdir(), 'zcc-accounts-'));
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await temporal?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('lands every account’s exact set, keeps secrets out of history, tags each child with its fairness key', async () => {
    const { sandbox } = h;
    const master = sandbox.account(NAMES[0]!).credentials;
    const accounts = parseZoomAccounts(
      {
        accounts: Object.fromEntries(
          NAMES.map((name) => {
            const c = sandbox.account(name).credentials;
            return SUBS.includes(name)
              ? [name, { master: NAMES[0], subAccountId: c.accountId }]
              : [name, { accountId: c.accountId, clientId: c.clientId, clientSecret: c.clientSecret }];
          }),
        ),
      },
      'test accounts',
    );
    const zoom = { baseUrl: sandbox.baseUrl, tokenUrl: sandbox.tokenUrl, clock: h.clock };
    // Two workers on one queue, no share set by hand: they lease each account's limits (account-pools.ts).
    for (let i = 0; i < 2; i++) await h.startWorker({ zoom, accounts, maxConcurrentWindows: 8 });

    const input: MultiAccountBackfillInput = {
      ...RANGE,
      accounts: NAMES.map((account) => ({ account, sink: { type: 'ndjson', dir: join(root, account) } })),
      options: { rate: { plan: 'business' }, pageSize: 100, windowConcurrency: 3, quotaMarginMs: 200 },
    };
    sandbox.control.resetStats();
    const started = Date.now();
    const { workflowId, handle } = await startMultiAccountBackfill(h.client, input, {
      taskQueue: h.taskQueue,
    });
    const live = await waitFor(async () => {
      const p = await getMultiAccountProgress(h.client, workflowId).catch(() => undefined);
      return p && p.total.records > 0 ? p : undefined;
    }, 'records to land');
    expect(live.accounts.map((a) => a.account)).toEqual(NAMES);
    const result = await handle.result();
    const wallMs = Date.now() - started;

    let landed = 0;
    for (const name of NAMES) {
      const ids = await ndjsonIds(join(root, name));
      expectExactSet(ids, sandbox.account(name).groundTruth(RANGE));
      expect(result.accounts[name]!.records).toBe(ids.length);
      landed += ids.length;
    }
    expect(result.records).toBe(landed);
    const progress = await getMultiAccountProgress(h.client, workflowId);
    expect(progress.total).toMatchObject({
      accounts: 20,
      completed: 20,
      failed: 0,
      running: 0,
      records: landed,
    });

    // The sub-accounts were read through the master's app, on the twin's path.
    expect(sandbox.account('acct-18').stats().recordsServed).toBeGreaterThan(0);

    const stats = sandbox.stats();
    console.log(
      `20 accounts × 3 months on 2 workers: ${landed} records, ${stats.apiRequests} requests, ` +
        `${stats.rateLimited.perSecond + stats.rateLimited.daily} 429s, wall ${(wallMs / 1000).toFixed(1)} s`,
    );
    expect(stats.rateLimited.perSecond + stats.rateLimited.daily).toBeLessThanOrEqual(
      stats.apiRequests / 100,
    );

    // No secret anywhere in the parent's or the children's histories.
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const client = new Client({ connection });
      const secrets = NAMES.map((n) => sandbox.account(n).credentials.clientSecret);
      expect(secrets).toContain(master.clientSecret);
      for (const id of [workflowId, ...NAMES.map((n) => `${workflowId}/${n}`)]) {
        const history = historyToJSON(await client.workflow.getHandle(id).fetchHistory());
        for (const secret of secrets) expect(history.includes(secret), `secret in ${id}`).toBe(false);
        if (id !== workflowId) {
          const account = id.slice(workflowId.length + 1);
          const events = JSON.parse(history).events as Array<
            Record<string, { priority?: { fairnessKey?: string } }>
          >;
          expect(events[0]!.workflowExecutionStartedEventAttributes!.priority?.fairnessKey).toBe(account);
          // The windows' ActivityTaskScheduled events carry no priority of their own: the server applies
          // the workflow's (Temporal's Priority docs: activities inherit it), so the start event is the record.
        }
      }
    } finally {
      await connection.close();
    }
  }, 300_000);
});
