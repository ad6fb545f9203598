/**
 * One rate budget per Zoom account per worker: two backfills with different rate options on one worker
 * stay under the account's per-second limit together. The sandbox enforces that limit (a token bucket of
 * 20 requests, refilled at 20/s) and counts every per-second 429; budgets keyed by option set would
 * send 20/s + 10/s here and earn 429s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackfill } from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  type Harness,
  pgIds,
  RANGE,
  startHarness,
} from '../support/helpers.ts';

describe('two backfills on one worker', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ...DEFAULT_SANDBOX, rateLimit: { perSecond: 20, daily: null } });
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('share the account limit: no per-second 429, both exact sets', async () => {
    const common = { pageSize: 25, windowConcurrency: 4, plan: false, quotaMarginMs: 200 };
    const [a, b] = await Promise.all([
      startBackfill(
        h.client,
        {
          ...RANGE,
          sink: { type: 'postgres', table: 'sms_budget_a' },
          options: { ...common, rate: { perSecond: 20 } },
        },
        { taskQueue: h.taskQueue },
      ),
      startBackfill(
        h.client,
        {
          ...RANGE,
          sink: { type: 'postgres', table: 'sms_budget_b' },
          options: { ...common, rate: { perSecond: 20, share: 0.5 } },
        },
        { taskQueue: h.taskQueue },
      ),
    ]);
    await Promise.all([a.handle.result(), b.handle.result()]);
    const truth = h.sandbox.groundTruth(RANGE);
    expectExactSet(await pgIds(h.pgUrl, 'sms_budget_a'), truth);
    expectExactSet(await pgIds(h.pgUrl, 'sms_budget_b'), truth);
    const stats = h.sandbox.stats();
    // Both really ran at once against the limit: well over a bucket's worth of requests.
    expect(stats.apiRequests).toBeGreaterThan(200);
    expect(stats.rateLimited.perSecond).toBe(0);
  });
});
