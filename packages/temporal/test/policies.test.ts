/** Pure policies: checkpoint choice, ETA, plan size, window overlap, backfill ids, worker environment. */
import { type ExportPlan, monthWindows, splitWindow, type WindowCursor } from '@zcc-sms/core';
import { estimateCost } from '@zcc-sms/core/plan';
import { describe, expect, it } from 'vitest';
import { freshest } from '../src/activities.ts';
import { backfillPlanFrom } from '../src/backfill-plan.ts';
import { backfillId, temporalConfigFromEnv, workerConfigFromEnv } from '../src/index.ts';
import { liveRateReport, planEtaMs, remainingPlannedRequests } from '../src/plan-eta.ts';
import { estimateEtaMs } from '../src/progress.ts';
import { windowSpan, windowsOverlap } from '../src/sinks/window-overlap.ts';

const now = 1_000_000_000;
const clock = { now: () => now };
const c = (pages: number, ageMs: number, done = false): WindowCursor => ({
  windowId: 'w',
  from: '',
  to: '',
  pages,
  records: pages * 10,
  nextPageToken: done ? undefined : 'tok',
  tokenIssuedAt: done ? undefined : now - ageMs,
  done,
});

describe('freshest checkpoint', () => {
  it('prefers a finished window, then the resumable cursor with most pages, else restarts', () => {
    expect(freshest([c(3, 1000), c(5, 1000, true)], 'w', clock)?.done).toBe(true);
    expect(freshest([c(3, 1000), c(7, 2000), undefined], 'w', clock)?.pages).toBe(7);
    // A page token older than 14 minutes cannot be trusted (Zoom: 15-minute expiry).
    expect(freshest([c(9, 15 * 60_000), c(2, 60_000)], 'w', clock)?.pages).toBe(2);
    expect(freshest([c(9, 15 * 60_000)], 'w', clock)).toBeUndefined();
    expect(freshest([{ ...c(4, 10), windowId: 'other' }], 'w', clock)).toBeUndefined();
  });

  it('a dead token with records in newest-first order resumes by narrowing; a broken order restarts', () => {
    const order = { startSorted: true, endSorted: false, lastStartMs: Date.parse('2026-01-10T00:00:00Z') };
    const dead = { ...c(9, 15 * 60_000), to: '2026-01-31T23:59:59Z', order };
    expect(freshest([dead, c(2, 60_000)], 'w', clock)?.pages).toBe(9);
    const broken = { ...dead, order: { ...order, startSorted: false } };
    expect(freshest([broken], 'w', clock)).toBeUndefined();
  });
});

describe('ETA', () => {
  it('divides the remaining requests by the observed rate and adds a pending quota wait', () => {
    expect(estimateEtaMs({ windowsTotal: 10, windowsDone: 0, requests: 0, rate: 5, now })).toBeUndefined();
    expect(estimateEtaMs({ windowsTotal: 10, windowsDone: 5, requests: 50, rate: 5, now })).toBe(10_000);
    expect(
      estimateEtaMs({
        windowsTotal: 10,
        windowsDone: 5,
        requests: 50,
        rate: 5,
        now,
        waitingUntil: now + 3_000,
      }),
    ).toBe(13_000);
    expect(estimateEtaMs({ windowsTotal: 4, windowsDone: 4, requests: 9, rate: 5, now })).toBe(0);
  });
});

describe('plan', () => {
  // Ten years, every month split into 8 sub-windows: far more than any real plan.
  const windows = monthWindows('2016-01-01', '2025-12-31').flatMap((w) => splitWindow(w, 8));
  const limits = { perSecond: 10, daily: 30_000 };
  const exported: ExportPlan = {
    estimate: estimateCost({
      windows,
      counts: windows.map((_, i) => 1_000 + (i % 7) * 333),
      pageSize: 100,
      limits,
      now,
      probeRequests: 120 + 840,
    }),
    windows,
    concurrency: 12,
    latencyMs: 312.345,
    prefetched: new Map(),
  };

  it('stays far below the 2 MB payload limit even for a decade of sub-windows', () => {
    const plan = backfillPlanFrom(exported, { favor: 'time', workerShare: 1, now, usedToday: 0 });
    expect(plan.windows).toHaveLength(960);
    expect(plan.months).toHaveLength(120);
    // Kept whole in history (and carried across continue-as-new): a quarter of the limit at most.
    expect(JSON.stringify(plan).length).toBeLessThan(512 * 1024);
    expect(plan).toMatchObject({ concurrency: 12, latencyMs: 312.3, limits, probeRequests: 960 });
  });

  it('scales a worker share back to the whole backfill and caps the concurrency at 16', () => {
    const share = {
      ...exported,
      estimate: { ...exported.estimate, limits: { perSecond: 2.5, daily: 7_500 } },
    };
    const plan = backfillPlanFrom(share, { favor: 'quota', workerShare: 0.25, now, usedToday: 0 });
    expect(plan.limits).toEqual(limits);
    expect(plan.expectedFinish).toBe(exported.estimate.expectedFinish);
    expect(plan.concurrency).toBe(16);
  });
});

describe('plan ETA', () => {
  const limits = { perSecond: 10, daily: 30_000 };
  const midday = Date.parse('2025-03-01T12:00:00Z');
  it('counts planned requests not done minus pages done in flight, never below zero per window', () => {
    const input = {
      remainingRequests: 100,
      runningPlan: { a: { requests: 30 }, b: { requests: 10 } },
      // b restarted and fetched more pages than planned: it counts as done, not as negative.
      pagesInFlight: { a: 20, b: 14 },
    };
    expect(remainingPlannedRequests(input)).toBe(70);
    expect(planEtaMs({ ...input, limits, now: midday })).toBe(7_000);
  });

  it('paces at the effective rate, waits out a spent quota and the current quota wait', () => {
    const base = { remainingRequests: 100, runningPlan: {}, pagesInFlight: {}, limits, now: midday };
    expect(planEtaMs({ ...base, effectiveRate: 5 })).toBe(20_000);
    // Faster than the limit is never assumed.
    expect(planEtaMs({ ...base, effectiveRate: 50 })).toBe(10_000);
    // Today's quota is spent: nothing until 00:00 UTC, then 10 s.
    expect(planEtaMs({ ...base, usedToday: 30_000 })).toBe(12 * 3_600_000 + 10_000);
    expect(planEtaMs({ ...base, waitingUntil: midday + 60_000 })).toBe(70_000);
    expect(planEtaMs({ ...base, remainingRequests: 0 })).toBe(0);
  });

  it('reads the effective rate from heartbeats of windows in flight', () => {
    expect(liveRateReport([undefined, { restarts: 0 }])).toBeUndefined();
    expect(
      liveRateReport([
        { restarts: 0, rate: 10, usedToday: 100 },
        { restarts: 0, rate: 5, usedToday: 120 },
      ]),
    ).toEqual({ rate: 7.5, usedToday: 120 });
  });
});

describe('window overlap (NDJSON files of different runs)', () => {
  const [jan, feb] = monthWindows('2025-01-01', '2025-02-28');
  const [feb1, feb2] = splitWindow(feb!, 2);
  it('parses window ids and tells overlapping windows from neighbours', () => {
    expect(windowSpan(feb1!.id)).toEqual({
      from: Date.parse('2025-02-01T00:00:00Z'),
      to: Date.parse('2025-02-15T00:00:00Z'),
    });
    expect(windowSpan('20250101T000000.500Z-20250102T000000Z')?.from).toBe(
      Date.parse('2025-01-01T00:00:00.500Z'),
    );
    expect(windowSpan('custom-window')).toBeUndefined();
    expect(windowsOverlap(feb!.id, feb1!.id)).toBe(true);
    expect(windowsOverlap(feb2!.id, feb!.id)).toBe(true);
    expect(windowsOverlap(feb1!.id, feb2!.id)).toBe(false);
    expect(windowsOverlap(jan!.id, feb1!.id)).toBe(false);
    expect(windowsOverlap('custom', feb!.id)).toBe(false);
  });
});

describe('backfillId', () => {
  const base = {
    account: 'acc',
    from: '2025-01-01',
    to: '2025-12-31',
    sink: { type: 'ndjson', dir: './sms' },
  };
  it('is stable for the same backfill and differs when any part differs', () => {
    expect(backfillId(base)).toBe(backfillId({ ...base, filters: {} }));
    expect(backfillId(base)).toMatch(/^zcc-sms-backfill-2025-01-01\.\.2025-12-31-[0-9a-f]{16}$/);
    expect(backfillId({ ...base, filters: { direction: 'inbound' } })).not.toBe(backfillId(base));
    expect(backfillId({ ...base, account: 'other' })).not.toBe(backfillId(base));
    expect(backfillId({ ...base, sink: { type: 'ndjson', dir: './other' } })).not.toBe(backfillId(base));
  });
});

describe('worker configuration', () => {
  const zoom = { ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: 'c' };
  it('reads Temporal standard environment variables and the short TLS aliases', () => {
    const config = temporalConfigFromEnv({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'key',
      TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
    });
    expect(config).toMatchObject({
      namespace: 'ns.acct',
      connection: { address: 'ns.acct.tmprl.cloud:7233', apiKey: 'key', tls: true },
    });
  });

  it('defaults the task queue and refuses a bad share with the field and the fix', () => {
    const env = {
      ...zoom,
      TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
      ZCC_PG_URL: 'postgres://x',
      ZCC_PG_URL_ARCHIVE: 'postgres://y',
    };
    expect(workerConfigFromEnv(env)).toMatchObject({
      taskQueue: 'zcc-sms',
      postgres: { default: 'postgres://x', archive: 'postgres://y' },
      temporal: { namespace: 'default', connection: { address: 'localhost:7233' } },
    });
    expect(() => workerConfigFromEnv({ ...env, ZCC_RATE_SHARE: '2' })).toThrow(
      /ZCC_RATE_SHARE: "2" is not valid; use a fraction/,
    );
    expect(() => workerConfigFromEnv({ TEMPORAL_CONFIG_FILE: '/nonexistent' })).toThrow(/ZOOM_ACCOUNT_ID/);
  });
});
