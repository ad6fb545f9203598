/**
 * The plan made at the start. `favor: 'quota'` runs exactly the month windows and predicts the
 * requests the sandbox counts (probes included); `favor: 'time'` splits a busy range into sub-windows
 * that land the exact set under every boundary variant the sandbox plays; a daily quota spent during
 * planning is a durable wait, then planning again. Records the planned history replayed by replay.test.ts.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthWindows, touchesSharedEdge } from '@zcc-sms/core';
import { createNodeZoomClient } from '@zcc-sms/core/node';
import { boundaryVariants } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import { windowSpan } from '../../src/sinks/window-overlap.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  FAST,
  type Harness,
  ndjsonIds,
  RANGE,
  recordHistory,
  startHarness,
  waitFor,
} from '../support/helpers.ts';

const dirs: string[] = [];
const newDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zcc-plan-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const windowFiles = async (dir: string) =>
  (await readdir(dir)).filter((n) => n.endsWith('.ndjson')).map((n) => n.slice(0, -'.ndjson'.length));

describe("favor: 'quota'", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.startWorker();
  });
  afterAll(async () => h?.close());

  it('runs exactly the month windows, and the plan predicts the requests made within 5 %', async () => {
    const dir = await newDir();
    const before = h.sandbox.stats().apiRequests;
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'ndjson', dir }, options: { ...FAST, favor: 'quota' } },
      { taskQueue: h.taskQueue },
    );
    const result = await handle.result();
    const made = h.sandbox.stats().apiRequests - before;
    expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth(RANGE));
    const months = monthWindows(RANGE.from, RANGE.to);
    expect((await windowFiles(dir)).sort()).toEqual(months.map((w) => w.id).sort());
    expect(result.probeRequests).toBe(months.length);
    const predicted = result.plannedRequests! + result.probeRequests!;
    expect(Math.abs(predicted - made) / made).toBeLessThan(0.05);
    // Probes count a record on a shared month edge in both neighbours (inclusive `to`); the sink lands it once.
    const truth = h.sandbox.records(RANGE);
    const onEdges = truth.filter((r) => months.some((w) => touchesSharedEdge(r, w))).length;
    expect(result.plannedRecords).toBeGreaterThanOrEqual(truth.length);
    expect(result.plannedRecords).toBeLessThanOrEqual(truth.length + onEdges);
    expect(result.effectiveRate).toBe(FAST.rate.perSecond);
    const progress = await getProgress(h.client, workflowId);
    expect(progress).toMatchObject({
      state: 'completed',
      windowsTotal: months.length,
      plannedRequests: result.plannedRequests,
      plannedRecords: result.plannedRecords,
      remainingRequests: 0,
      effectiveRate: FAST.rate.perSecond,
      limits: { perSecond: FAST.rate.perSecond },
    });
  });
});

// A dense range across a month edge: 6,000 records in 2.5 hours, most of them in the second window, so
// one month window dwarfs the other and a record sits on a sub-window edge almost surely.
const DENSE = { from: '2025-01-31T23:30:00Z', to: '2025-02-01T02:00:00Z' } as const;

describe("favor: 'time' sub-windows", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      seed: 5,
      clock: DEFAULT_SANDBOX.clock!,
      // A round trip long enough that one cursor cannot page the big window while the job runs.
      latencyMs: 20,
      dataset: { from: DENSE.from, to: DENSE.to, records: 6_000, lateFraction: 0 },
    });
    await h.startWorker();
  });
  afterAll(async () => h?.close());

  it('splits the busy window and lands the exact set under every boundary variant', async () => {
    const months = monthWindows(DENSE.from, DENSE.to);
    let onSubEdges = 0;
    let recorded = false;
    for (const variant of boundaryVariants()) {
      h.sandbox.control.setVariants(variant);
      const dir = await newDir();
      const { handle } = await startBackfill(
        h.client,
        {
          ...DENSE,
          sink: { type: 'ndjson', dir },
          options: { rate: { perSecond: 400 }, pageSize: 20, favor: 'time', quotaMarginMs: 200 },
        },
        { taskQueue: h.taskQueue },
      );
      const result = await handle.result();
      const context = JSON.stringify(variant);
      expect(result.windows, context).toBeGreaterThan(months.length);
      expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth(DENSE));
      // The sub-windows cover the range: their edges beyond the month edges are the plan's splits.
      const files = await windowFiles(dir);
      expect(files.length, context).toBe(result.windows);
      const monthEdges = new Set(months.flatMap((w) => w.sharedEdges));
      const subEdges = [...new Set(files.flatMap((id) => Object.values(windowSpan(id)!)))].filter(
        (ms) => !monthEdges.has(ms) && ms > Date.parse(DENSE.from) && ms < Date.parse(DENSE.to),
      );
      expect(subEdges.length, context).toBe(result.windows - months.length);
      onSubEdges += h.sandbox
        .records(DENSE)
        .filter((r) => touchesSharedEdge(r, { sharedEdges: subEdges })).length;
      if (!recorded) {
        await recordHistory(handle, 'backfill-planned');
        recorded = true;
      }
    }
    // The boundaries were really exercised: records sat exactly on sub-window edges.
    expect(onSubEdges).toBeGreaterThan(0);
  });
});

describe('daily quota during planning', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      ...DEFAULT_SANDBOX,
      clock: { mode: 'accelerated', factor: 1, start: '2025-03-01T23:59:52Z' },
      rateLimit: { perSecond: null, daily: 200 },
    });
    await h.startWorker();
  });
  afterAll(async () => h?.close());

  it('waits for the reset on a durable timer, plans again and completes the exact set', async () => {
    // Spend today's quota but five requests: planning (13 probes) runs out half-way.
    const spender = createNodeZoomClient({
      auth: { ...h.sandbox.credentials, tokenUrl: h.sandbox.tokenUrl },
      baseUrl: h.sandbox.baseUrl,
      budget: { perSecond: 1_000, daily: 10_000 },
      clock: h.clock,
    });
    for (let i = 0; i < 195; i++) await spender.sms.list({ ...RANGE, to: '2024-01-31', page_size: 1 });
    await spender.close();
    const dir = await newDir();
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'ndjson', dir }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const waiting = await waitFor(async () => {
      const p = await getProgress(h.client, workflowId);
      return p.state === 'waiting-for-quota' ? p : undefined;
    }, 'the quota wait during planning');
    expect(waiting.plannedRequests).toBeUndefined();
    expect(waiting.waitingUntil! - Date.now()).toBeLessThan(15_000);
    await handle.result();
    expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth(RANGE));
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.timerStartedEventAttributes)).toBe(true);
    const planned = events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'planBackfill',
    );
    expect(planned.length).toBe(2);
  });
});
