import { describe, expect, it } from 'vitest';
import { estimateCost, expectedFinish, requestsFor } from '../src/plan.ts';
import {
  extraRequestAllowance,
  recommendedConcurrency,
  tailHeavyCount,
  targetPagesPerCursor,
  unbalancedTail,
} from '../src/split-policy.ts';
import { monthWindows } from '../src/windows.ts';

const NOON = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('requestsFor', () => {
  it('is one request per started page and one for an empty window', () => {
    expect(requestsFor(0, 100)).toBe(1);
    expect(requestsFor(100, 100)).toBe(1);
    expect(requestsFor(101, 100)).toBe(2);
  });
});

describe('expectedFinish', () => {
  it('paces at the per-second limit when the quota suffices', () => {
    expect(expectedFinish(500, { perSecond: 5, daily: 15_000 }, NOON)).toBe(NOON + 100_000);
  });
  it('pauses until 00:00 UTC when the day is spent', () => {
    // 15,000 today (50 min at 5/s), 5,000 after midnight (1,000 s).
    const finish = expectedFinish(20_000, { perSecond: 5, daily: 15_000 }, NOON);
    expect(finish).toBe(Date.UTC(2026, 10, 29) + 1_000_000);
  });
  it('counts what was already spent today', () => {
    expect(expectedFinish(10, { perSecond: 10, daily: 100 }, NOON, 95)).toBe(Date.UTC(2026, 10, 29) + 500);
  });
  it('continues across midnight without a pause when the quota lasts', () => {
    const late = Date.UTC(2026, 10, 28, 23, 59, 50);
    expect(expectedFinish(200, { perSecond: 10, daily: 30_000 }, late)).toBe(late + 20_000);
  });
});

describe('estimateCost', () => {
  it('sums requests and records per month and overall', () => {
    const windows = monthWindows('2026-01-01', '2026-03-31');
    const estimate = estimateCost({
      windows,
      counts: [250, 0, 1000],
      pageSize: 100,
      limits: { perSecond: 10, daily: 30_000 },
      now: NOON,
      probeRequests: 3,
    });
    expect(estimate.months).toEqual([
      { month: '2026-01', records: 250, requests: 3 },
      { month: '2026-02', records: 0, requests: 1 },
      { month: '2026-03', records: 1000, requests: 10 },
    ]);
    expect(estimate).toMatchObject({
      totalRecords: 1250,
      totalRequests: 14,
      probeRequests: 3,
      secondsAtRateLimit: 1.4,
    });
    expect(estimate.quotaDays).toBeCloseTo(14 / 30_000);
    expect(estimate.expectedFinish).toBe(NOON + 1400);
  });
});

describe('split policy', () => {
  it('targets the pages one cursor can fetch while the job runs at the limit', () => {
    // 1,000 requests at 10/s = 100 s; one cursor at 300 ms does 333 pages; with 20 % slack 266.
    expect(targetPagesPerCursor(1000, 10, 300)).toBe(266);
    expect(targetPagesPerCursor(1000, 10, 0)).toBe(Number.POSITIVE_INFINITY);
  });
  it('sees a tail where the biggest piece would run without enough company', () => {
    expect(unbalancedTail([60, 58, 55, 50, 40], 3)).toBe(false);
    expect(unbalancedTail([80, 58, 55, 50, 40], 3)).toBe(true);
    expect(unbalancedTail([80], 3)).toBe(false);
    expect(unbalancedTail([80, 10], 3)).toBe(true);
    // Every piece that would outlast the company it needs is split in the same round.
    expect(tailHeavyCount([90, 85, 80, 50, 40, 30, 20, 10], 4)).toBe(3);
    expect(tailHeavyCount([52, 51, 50, 49, 48, 47, 46, 45], 8)).toBe(0);
  });
  it('spends nothing under favor quota and a bounded share under favor time', () => {
    expect(extraRequestAllowance('quota', 1000)).toBe(0);
    expect(extraRequestAllowance('time', 1000)).toBe(50);
    expect(extraRequestAllowance('time', 1000, 0.01)).toBe(10);
  });
  it('recommends a cursor per window, enough to fill the rate at the measured latency, at most 32', () => {
    expect(recommendedConcurrency(10, 300, 12)).toBe(12);
    expect(recommendedConcurrency(10, 300, 2)).toBe(2);
    expect(recommendedConcurrency(10, 800, 100)).toBe(32);
    expect(recommendedConcurrency(5, 100, 1)).toBe(1);
  });
});
