/**
 * Operating a multi-account backfill by its one id (issue #14): pause stops every account's requests,
 * resume finishes each account's exact set; cancel cancels every child and the parent ends cancelled
 * (not failed), with each account reported as cancelled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelBackfill,
  getMultiAccountProgress,
  getProgress,
  type MultiAccountBackfillInput,
  parseZoomAccounts,
  pauseBackfill,
  resumeBackfill,
  startMultiAccountBackfill,
} from '../../src/index.ts';
import {
  expectExactSet,
  type Harness,
  ndjsonIds,
  recordHistory,
  startHarness,
  waitFor,
} from '../support/helpers.ts';

const NAMES = ['north', 'south', 'west'];
const RANGE = { from: '2025-01-01', to: '2025-02-28' };
const DATA = { from: '2025-01-01', to: '2025-03-01', records: 1_000, lateFraction: 0 };

describe('multi-account backfill: pause, resume, cancel', () => {
  let h: Harness;
  let root: string;
  const input = (dir: string): MultiAccountBackfillInput => ({
    ...RANGE,
    accounts: NAMES.map((account) => ({ account, sink: { type: 'ndjson', dir: join(root, dir, account) } })),
    // Slow enough that every account is mid-run when the test acts: 100 pages each at 4 requests/s.
    options: { rate: { perSecond: 4 }, pageSize: 10, windowConcurrency: 2, quotaMarginMs: 200 },
  });
  // Counted since the sandbox started: each test waits for requests beyond the count at its start.
  const requestsOf = (name: string) => h.sandbox.account(name).stats().apiRequests;
  const smsRequests = () =>
    h.sandbox.control.requestLog(100_000).filter((e) => e.path.endsWith('/contact_center/sms')).length;

  beforeAll(async () => {
    h = await startHarness({
      seed: 77,
      clock: { mode: 'accelerated', factor: 1, start: '2025-05-01T12:00:00Z' },
      name: NAMES[0],
      dataset: DATA,
      latencyMs: 20,
      accounts: NAMES.slice(1).map((name) => ({ name, dataset: DATA })),
      requestLogSize: 100_000,
    });
    root = await mkdtemp(join(tmpdir(), 'zcc-accounts-control-'));
    const accounts = parseZoomAccounts(
      {
        accounts: Object.fromEntries(
          NAMES.map((name) => {
            const c = h.sandbox.account(name).credentials;
            return [name, { accountId: c.accountId, clientId: c.clientId, clientSecret: c.clientSecret }];
          }),
        ),
      },
      'test accounts',
    );
    await h.startWorker({
      zoom: { baseUrl: h.sandbox.baseUrl, tokenUrl: h.sandbox.tokenUrl, clock: h.clock },
      accounts,
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('pause stops every account, resume lands each account’s exact set', async () => {
    const before = NAMES.map(requestsOf);
    const { workflowId, handle } = await startMultiAccountBackfill(h.client, input('paused'), {
      taskQueue: h.taskQueue,
    });
    await waitFor(() => NAMES.every((n, i) => requestsOf(n) > before[i]! + 10), 'every account to be paging');
    await pauseBackfill(h.client, workflowId);
    // Every account's windows in flight stop at a page boundary; then nothing is asked of Zoom.
    await waitFor(async () => {
      const children = await Promise.all(NAMES.map((n) => getProgress(h.client, `${workflowId}/${n}`)));
      return children.every((p) => p.state === 'paused' && p.windowsRunning.length === 0) ? true : undefined;
    }, 'every account to pause');
    const pausedAt = smsRequests();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(smsRequests(), 'requests while paused').toBe(pausedAt);
    const mid = await getMultiAccountProgress(h.client, workflowId);
    expect(mid.total.running, 'accounts still to finish while paused').toBe(NAMES.length);
    await resumeBackfill(h.client, workflowId);
    await waitFor(() => smsRequests() > pausedAt, 'requests again after resume');
    const result = await handle.result();
    for (const name of NAMES) {
      const ids = await ndjsonIds(join(root, 'paused', name));
      expectExactSet(ids, h.sandbox.account(name).groundTruth(RANGE));
      expect(result.accounts[name]!.records).toBe(ids.length);
    }
  });

  it('cancel cancels every child, and the parent ends cancelled', async () => {
    const before = NAMES.map(requestsOf);
    const { workflowId, handle } = await startMultiAccountBackfill(h.client, input('cancelled'), {
      taskQueue: h.taskQueue,
    });
    await waitFor(() => NAMES.every((n, i) => requestsOf(n) > before[i]! + 10), 'every account to be paging');
    await cancelBackfill(h.client, workflowId);
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    for (const name of NAMES) {
      const child = await h.client.workflow.getHandle(`${workflowId}/${name}`).describe();
      expect(child.status.name, name).toBe('CANCELLED');
    }
    const progress = await getMultiAccountProgress(h.client, workflowId);
    expect(progress.accounts.map((a) => a.state)).toEqual(NAMES.map(() => 'cancelled'));
    expect(progress.total).toMatchObject({ cancelled: NAMES.length, failed: 0, running: 0 });
    await recordHistory(handle, 'multi-account-cancelled');
  });
});
