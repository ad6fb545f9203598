import { describe, expect, it } from 'vitest';
import { ZoomDailyQuotaError } from '../src/errors.ts';
import { createRateBudget } from '../src/rate-budget.ts';
import { instantSleep, manualClock } from './support/fakes.ts';

describe('rate budget', () => {
  it('spaces requests evenly at the per-second limit', async () => {
    const clock = manualClock();
    const budget = createRateBudget({ plan: 'pro' }, { clock, sleep: instantSleep(clock) });
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 11; i++) {
      await budget.acquire();
      times.push(clock.now() - start);
    }
    expect(times).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
  });

  it('gives concurrent callers distinct slots', async () => {
    const clock = manualClock();
    const slept: number[] = [];
    // Sleeps that never end: only the reservations made before sleeping are observed.
    const sleep = (ms: number) => {
      slept.push(ms);
      return new Promise<void>(() => {});
    };
    const budget = createRateBudget({ perSecond: 10 }, { clock, sleep });
    for (let i = 0; i < 5; i++) void budget.acquire();
    await Promise.resolve();
    expect(slept).toEqual([100, 200, 300, 400]);
  });

  it('keeps releases spaced when a stall wakes every waiter at once', async () => {
    const clock = manualClock();
    const wakers: Array<() => void> = [];
    const releaseWaits: number[] = [];
    let stalled = false;
    const sleep = (ms: number) => {
      if (!stalled) return new Promise<void>((r) => wakers.push(r));
      releaseWaits.push(ms);
      return Promise.resolve();
    };
    const budget = createRateBudget({ perSecond: 10 }, { clock, sleep });
    const all = Array.from({ length: 5 }, () => budget.acquire());
    await Promise.resolve();
    // Four callers sleep until their slots; the event loop stalls for 3 s, then wakes them together.
    clock.advance(3000);
    stalled = true;
    for (const wake of wakers) wake();
    await Promise.all(all);
    // Instead of four releases at once, one now and the others 100 ms apart.
    expect(releaseWaits.sort((a, b) => a - b)).toEqual([100, 200, 300]);
  });

  it('applies the share to both limits', () => {
    const clock = manualClock();
    const budget = createRateBudget({ plan: 'business', share: 0.5 }, { clock, sleep: instantSleep(clock) });
    expect(budget.state()).toMatchObject({ configuredRate: 5, dailyLimit: 15_000 });
  });

  it('throws a typed error carrying the reset when the daily quota is spent', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 28, 23, 0, 0));
    const budget = createRateBudget({ perSecond: 100, daily: 3 }, { clock, sleep: instantSleep(clock) });
    for (let i = 0; i < 3; i++) await budget.acquire();
    const error = await budget.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomDailyQuotaError);
    expect((error as ZoomDailyQuotaError).resetAt).toBe(Date.UTC(2026, 10, 29));
  });

  it('waits for 00:00 UTC and goes on when asked to', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 28, 23, 0, 0));
    const waits: number[] = [];
    const budget = createRateBudget(
      { perSecond: 100, daily: 2, onDailyQuota: 'wait', onQuotaWait: (at) => waits.push(at) },
      { clock, sleep: instantSleep(clock) },
    );
    for (let i = 0; i < 3; i++) await budget.acquire();
    expect(waits).toEqual([Date.UTC(2026, 10, 29)]);
    expect(clock.now()).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 29));
    expect(budget.state().usedToday).toBe(1);
  });

  it('stops spending after Zoom says the day is over, until the reset it named', async () => {
    const clock = manualClock();
    const budget = createRateBudget({ perSecond: 100 }, { clock, sleep: instantSleep(clock) });
    budget.onDailyExhausted(clock.now() + 3_600_000);
    const error = (await budget.acquire().catch((e: unknown) => e)) as ZoomDailyQuotaError;
    expect(error.resetAt).toBe(clock.now() + 3_600_000);
  });

  it('halves the rate on a 429 at most once a second and recovers additively (AIMD)', () => {
    const clock = manualClock();
    const budget = createRateBudget({ perSecond: 10 }, { clock, sleep: instantSleep(clock) });
    budget.onThrottled();
    budget.onThrottled();
    expect(budget.state().rate).toBe(5);
    clock.advance(1000);
    budget.onThrottled();
    expect(budget.state().rate).toBe(2.5);
    for (let i = 0; i < 100; i++) budget.onSuccess();
    expect(budget.state().rate).toBe(10);
    expect(budget.state().throttled).toBe(3);
  });
});
