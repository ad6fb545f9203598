/**
 * Plans and sub-windows against the sandbox over real HTTP: the plan's figures against the sandbox's ground
 * truth, and exact record sets when a busy month is split, under every boundary variant.
 */
import { boundaryVariants, type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZoomClient } from '../src/client.ts';
import { planExport } from '../src/planner.ts';
import { expectedSplitRequests } from '../src/steal-policy.ts';
import { createUndiciTransport } from '../src/undici-transport.ts';

let sandbox: Sandbox;
const http = createUndiciTransport();

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 11,
    clock: { mode: 'manual', start: '2026-03-01T12:00:00Z' },
    // A year where one month dwarfs the rest.
    dataset: { from: '2025-01-01', to: '2025-12-31', records: 12_000, profile: 'busy-month', seed: 11 },
  });
});
afterAll(async () => {
  await http.close();
  await sandbox.stop();
});

function client(perSecond = 10) {
  return createZoomClient({
    auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
    baseUrl: sandbox.baseUrl,
    transport: http.transport,
    clock: { now: () => sandbox.control.clock.now() },
    sleep: async (ms) => {
      sandbox.control.clock.advance(ms);
    },
    budget: { perSecond, daily: 30_000 },
  });
}

const YEAR = { from: '2025-01-01', to: '2025-12-31' };

describe('planExport', () => {
  it('counts records per month exactly as the ground truth, and the requests they need', async () => {
    sandbox.control.setVariants({ boundField: 'start_time', toInclusive: false, overMonth: 'error' });
    const c = client();
    const { estimate } = await planExport(c, YEAR, { favor: 'quota', prefetch: false });
    expect(estimate.months).toHaveLength(12);
    for (const row of estimate.months) {
      const [y, m] = row.month.split('-').map(Number);
      const from = `${row.month}-01T00:00:00Z`;
      const next = `${new Date(Date.UTC(y!, m!, 1)).toISOString().slice(0, 19)}Z`;
      const to = row.month === '2025-12' ? '2025-12-31' : next;
      expect(row.records, row.month).toBe(
        sandbox.groundTruth({ from: row.month === '2025-01' ? '2025-01-01' : from, to }).length,
      );
      expect(row.requests).toBe(Math.max(1, Math.ceil(row.records / 100)));
    }
    expect(estimate.totalRecords).toBe(sandbox.groundTruth(YEAR).length);
    expect(estimate.probeRequests).toBe(12);
    // Favor quota never splits: exactly the minimum requests.
    expect(estimate.windows).toHaveLength(12);
  });

  it('spends exactly the minimum requests under favor quota, the probes being first pages', async () => {
    sandbox.control.setVariants({ boundField: 'start_time', toInclusive: false, overMonth: 'error' });
    const c = client();
    const before = sandbox.stats().apiRequests;
    const { estimate, windows, concurrency, prefetched } = await planExport(c, YEAR, { favor: 'quota' });
    expect(estimate.probeRequests).toBe(0);
    const ids: string[] = [];
    for await (const r of c.sms.records(YEAR, { windows, concurrency, prefetched }))
      ids.push(r.engagement_id);
    expect(ids.sort()).toEqual(sandbox.groundTruth(YEAR));
    const made = sandbox.stats().apiRequests - before;
    expect(made).toBe(estimate.totalRequests);
    const minimum = windows.reduce(
      (sum, w) => sum + Math.max(1, Math.ceil(sandbox.groundTruth(w).length / 100)),
      0,
    );
    expect(made).toBe(minimum);
  });

  it('counts the splits of windows paged by several cursors each, only where cursors outnumber windows', async () => {
    sandbox.control.setVariants({ boundField: 'start_time', toInclusive: false, overMonth: 'error' });
    // 10 requests/s at 300 ms: five cursors keep the rate busy (cursorsForRate).
    const plan = (query: { from: string; to: string }, cursorsPerWindow?: number) =>
      planExport(client(), query, { favor: 'quota', prefetch: false, latencyMs: 300, cursorsPerWindow });
    const busy = await planExport(client(), YEAR, { favor: 'quota', prefetch: false });
    const month = busy.estimate.months.reduce((a, b) => (b.records > a.records ? b : a));
    const monthRange = {
      from: `${month.month}-01`,
      to: new Date(Date.UTC(Number(month.month.slice(0, 4)), Number(month.month.slice(5, 7)), 0))
        .toISOString()
        .slice(0, 10),
    };
    const alone = await plan(monthRange);
    const split = await plan(monthRange, 8);
    expect(alone.estimate.totalRequests).toBe(month.requests);
    expect(split.estimate.totalRequests).toBe(month.requests + expectedSplitRequests(month.requests, 5, 1));
    expect(split.estimate.totalRequests).toBeGreaterThan(month.requests);
    // A year has more windows than cursors: no window splits, nothing added.
    const year = await plan(YEAR, 8);
    expect(year.estimate.totalRequests).toBe(busy.estimate.totalRequests);
  });

  it('gives the expected finish including daily-quota pauses', async () => {
    const c = createZoomClient({
      auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
      baseUrl: sandbox.baseUrl,
      transport: http.transport,
      clock: { now: () => sandbox.control.clock.now() },
      sleep: async (ms) => void sandbox.control.clock.advance(ms),
      budget: { perSecond: 5, daily: 50 },
    });
    const { estimate } = await planExport(c, YEAR, { favor: 'quota' });
    expect(estimate.quotaDays).toBeCloseTo(estimate.totalRequests / 50);
    // More than a day's quota: the finish lies after at least one 00:00 UTC reset.
    expect(estimate.totalRequests).toBeGreaterThan(50);
    expect(estimate.expectedFinish).toBeGreaterThan(Date.UTC(2026, 2, 2));
  });

  for (const variant of boundaryVariants()) {
    it(`splits the busy month and still lands the exact set: ${JSON.stringify(variant)}`, async () => {
      sandbox.control.setVariants(variant);
      const c = client();
      // The manual clock measures no round trip: assume 300 ms, so one cursor cannot keep up with the busy month.
      const before = sandbox.stats().apiRequests;
      const { estimate, windows, concurrency, prefetched } = await planExport(c, YEAR, {
        favor: 'time',
        concurrency: 6,
        latencyMs: 300,
      });
      expect(windows.length).toBeGreaterThan(12);
      expect(concurrency).toBe(6);
      const extra =
        estimate.totalRequests + estimate.probeRequests - 12 - Math.ceil(estimate.totalRecords / 100);
      expect(extra).toBeLessThanOrEqual(Math.floor(estimate.totalRequests * 0.05) + 12);
      const ids: string[] = [];
      for await (const r of c.sms.records(YEAR, { windows, concurrency, prefetched }))
        ids.push(r.engagement_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(sandbox.groundTruth(YEAR));
      // The plan predicted the requests (probes included) the export made, within 5 %.
      const made = sandbox.stats().apiRequests - before;
      expect(Math.abs(estimate.totalRequests + estimate.probeRequests - made) / made).toBeLessThan(0.05);
    });
  }
});
