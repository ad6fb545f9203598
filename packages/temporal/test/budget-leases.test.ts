/**
 * The account's limits split between workers (budget-leases.ts, pure) and a worker's lease gate
 * (budget-lease.ts) against an in-memory coordinator running the same policy, on virtual time.
 */
import { ZoomDailyQuotaError } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import { CLOSE_WAIT_MS, createBudgetLease } from '../src/budget-lease.ts';
import {
  EMPTY_BOOK,
  type LeaseBook,
  type LeaseRequest,
  liveLeases,
  releaseLease,
  renewLease,
} from '../src/budget-leases.ts';

const LIMITS = { perSecond: 10, daily: 30_000 };
const TTL = 6_000;
const API_NOW = Date.UTC(2025, 2, 1, 12);
const ask = (holder: string, weight = 1, spent = 0): LeaseRequest => ({
  holder,
  weight,
  limits: LIMITS,
  spent,
  apiNow: API_NOW,
});
const granted = (book: LeaseBook, now: number) =>
  Object.values(liveLeases(book, now)).reduce((a, l) => a + l.perSecond, 0);

describe('lease split', () => {
  it('gives a newcomer only what is free, then evens out as holders renew; never above the limit', () => {
    let book = EMPTY_BOOK;
    const renew = (holder: string, now: number, weight = 1) => {
      const next = renewLease(book, ask(holder, weight), now, TTL);
      book = next.book;
      expect(granted(book, now)).toBeLessThanOrEqual(LIMITS.perSecond + 1e-9);
      return next.grant;
    };
    expect(renew('a', 0).perSecond).toBe(10);
    // b and c join while a still holds all of it.
    expect(renew('b', 100).perSecond).toBe(0);
    expect(renew('c', 200, 2).perSecond).toBe(0);
    expect(renew('a', 1_000).perSecond).toBe(2.5);
    expect(renew('b', 1_100).perSecond).toBe(2.5);
    expect(renew('c', 1_200, 2).perSecond).toBe(5);
  });

  it('frees a lease not renewed within its time to live (a killed worker)', () => {
    let book = renewLease(EMPTY_BOOK, ask('a'), 0, TTL).book;
    book = renewLease(book, ask('b'), 0, TTL).book;
    book = renewLease(book, ask('a'), 1_000, TTL).book;
    // b is dead: until its lease expires a gets half, then all.
    expect(renewLease(book, ask('a'), TTL - 1, TTL).grant.perSecond).toBe(5);
    expect(renewLease(book, ask('a'), TTL, TTL).grant.perSecond).toBe(10);
  });

  it('takes the strictest limits any live holder reports', () => {
    const book = renewLease(EMPTY_BOOK, { ...ask('a'), limits: { perSecond: 5, daily: 100 } }, 0, TTL).book;
    const { grant } = renewLease(book, ask('b'), 0, TTL);
    expect(grant.perSecond).toBeLessThanOrEqual(2.5);
    expect(grant.daily).toBeLessThanOrEqual(50);
  });

  it('splits what is left of the daily quota and counts every holder’s spending', () => {
    let book = renewLease(EMPTY_BOOK, { ...ask('a'), limits: { perSecond: 10, daily: 100 } }, 0, TTL).book;
    let next = renewLease(book, { ...ask('b'), limits: { perSecond: 10, daily: 100 } }, 0, TTL);
    // a holds all 100; b gets nothing until a renews.
    expect(next.grant.daily).toBe(0);
    book = next.book;
    next = renewLease(book, { ...ask('a', 1, 60), limits: { perSecond: 10, daily: 100 } }, 1_000, TTL);
    expect(next.book.usedToday).toBe(60);
    expect(next.grant.daily).toBe(20);
    book = releaseLease(next.book, 'a', 20, 2_000);
    next = renewLease(book, { ...ask('b'), limits: { perSecond: 10, daily: 100 } }, 2_000, TTL);
    expect(next.grant).toMatchObject({ daily: 20, quotaSpent: false });
    next = renewLease(next.book, { ...ask('b', 1, 20), limits: { perSecond: 10, daily: 100 } }, 3_000, TTL);
    expect(next.grant).toMatchObject({ daily: 0, quotaSpent: true, resetAt: Date.UTC(2025, 2, 2) });
    // The next UTC day (API clock) starts from nothing spent.
    const tomorrow = {
      ...ask('b'),
      apiNow: Date.UTC(2025, 2, 2, 0, 1),
      limits: { perSecond: 10, daily: 100 },
    };
    expect(renewLease(next.book, tomorrow, 4_000, TTL).grant.daily).toBe(100);
  });
});

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

describe('lease gate', () => {
  /**
   * Virtual time: sleeps are timers fired in order by `run`, which jumps to the earliest one whenever
   * everything else waits; the coordinator answers at once with the pure policy.
   */
  function world() {
    let now = 0;
    let book = EMPTY_BOOK;
    const timers: Array<{ at: number; fire: () => void }> = [];
    const coordinator = {
      async renew(request: LeaseRequest) {
        const next = renewLease(book, request, now, TTL);
        book = next.book;
        return next.grant;
      },
      async release(holder: string, spent: number) {
        book = releaseLease(book, holder, spent, now);
      },
    };
    const sleep = (ms: number) =>
      new Promise<void>((fire) => {
        timers.push({ at: now + ms, fire });
      });
    async function run<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      const done = work.finally(() => {
        settled = true;
      });
      for (let guard = 0; !settled && guard < 100_000; guard++) {
        await new Promise((r) => setImmediate(r));
        if (settled || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.fire();
      }
      return await done;
    }
    return { coordinator, sleep, run, now: () => now, book: () => book };
  }

  it('paces at the granted rate, reports what it spent and gives the lease back', async () => {
    const w = world();
    const lease = createBudgetLease({
      coordinator: w.coordinator,
      holder: 'w1',
      limits: () => ({ perSecond: 4, daily: 30_000 }),
      apiClock: { now: () => API_NOW + w.now() },
      sleep: w.sleep,
      elapsed: w.now,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const work = lease.hold(async () => {
      const sent: number[] = [];
      for (let i = 0; i < 20; i++) {
        await lease.gate.acquire();
        sent.push(w.now());
      }
      // At 4/s no two requests go out less than 250 ms apart.
      const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    });
    await w.run(work);
    await w.run(lease.close());
    expect(liveLeases(w.book(), w.now())).toEqual({});
    expect(w.book().usedToday).toBe(20);
  });

  it('waits for a coordinator that does not answer, then after 30 s paces at its own budget, saying so', async () => {
    const w = world();
    const errors: string[] = [];
    const lease = createBudgetLease({
      coordinator: {
        renew: async () => {
          throw new Error('update-with-start is not supported by this server');
        },
        release: async () => {},
      },
      holder: 'w1',
      limits: () => ({ perSecond: 10, daily: 30_000 }),
      apiClock: { now: () => API_NOW + w.now() },
      sleep: w.sleep,
      elapsed: w.now,
      logger: { debug() {}, info() {}, warn() {}, error: (m: string) => errors.push(m) },
    });
    const work = lease.hold(async () => {
      await lease.gate.acquire();
      return w.now();
    });
    const passedAt = await w.run(work);
    expect(passedAt).toBeGreaterThan(30_000);
    expect(passedAt).toBeLessThan(40_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('has not answered for 30 s');
    await w.run(lease.close());
  });

  it('closes within CLOSE_WAIT_MS when no one answers the release (a stopped worker was its only poller)', async () => {
    const w = world();
    let dropRelease: (error: Error) => void = () => {};
    const warned: string[] = [];
    const debugged: string[] = [];
    const lease = createBudgetLease({
      coordinator: {
        ...w.coordinator,
        release: () => new Promise<void>((_, reject) => (dropRelease = reject)),
      },
      holder: 'w1',
      limits: () => ({ perSecond: 4, daily: 30_000 }),
      apiClock: { now: () => API_NOW + w.now() },
      sleep: w.sleep,
      elapsed: w.now,
      logger: { debug: (m) => debugged.push(m), info() {}, warn: (m) => warned.push(m), error() {} },
    });
    await w.run(
      lease.hold(async () => {
        await lease.gate.acquire();
      }),
    );
    const closing = w.now();
    let closed = false;
    await w.run(lease.close().then(() => (closed = true)));
    expect(closed).toBe(true);
    expect(w.now() - closing).toBeLessThanOrEqual(CLOSE_WAIT_MS);
    // The connection then closes under the release: expected at exit, so no warning.
    dropRelease(new Error('Native Promise was dropped without being settled'));
    await new Promise((r) => setImmediate(r));
    expect(warned).toEqual([]);
    expect(debugged).toEqual(['budget lease not released; it expires within its time to live']);
  });

  it('renews at most every 0.5 s while it holds nothing, never in a tight loop', async () => {
    const w = world();
    let renewals = 0;
    const lease = createBudgetLease({
      coordinator: {
        // Others hold the whole limit for good: this worker's fair share is 5/s, its grant 0.
        renew: async () => {
          renewals++;
          return {
            perSecond: 0,
            daily: 100,
            fairPerSecond: 5,
            quotaSpent: false,
            resetAt: 0,
            validForMs: TTL,
          };
        },
        release: async () => {},
      },
      holder: 'w1',
      limits: () => ({ perSecond: 10, daily: 30_000 }),
      apiClock: { now: () => API_NOW + w.now() },
      sleep: w.sleep,
      elapsed: w.now,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const stop = new AbortController();
    const work = lease.hold(async () => {
      const waiting = lease.gate.acquire(stop.signal).catch((e: unknown) => e);
      await w.sleep(10_000);
      stop.abort();
      return await waiting;
    });
    expect(await w.run(work)).toBeInstanceOf(Error);
    expect(renewals).toBeGreaterThan(5);
    expect(renewals).toBeLessThanOrEqual(10_000 / 500 + 2);
    await w.run(lease.close());
  });

  it('leases again for a window that starts while the lease is being given back', async () => {
    const w = world();
    let releasing: (() => void) | undefined;
    const lease = createBudgetLease({
      coordinator: {
        renew: w.coordinator.renew,
        // The first release takes a while; a window starts meanwhile.
        release: (holder, spent) =>
          releasing
            ? w.coordinator.release(holder, spent)
            : new Promise<void>((resolve) => {
                releasing = () => w.coordinator.release(holder, spent).then(resolve);
              }),
      },
      holder: 'w1',
      limits: () => ({ perSecond: 10, daily: 30_000 }),
      apiClock: { now: () => API_NOW + w.now() },
      sleep: w.sleep,
      elapsed: w.now,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await w.run(lease.hold(() => lease.gate.acquire()));
    await w.run(waitUntil(() => releasing !== undefined));
    const second = lease.hold(() => lease.gate.acquire());
    releasing!();
    await w.run(second);
    await w.run(lease.close());
  });

  it('stops with the daily-quota error once the account’s quota is spent for everyone', async () => {
    const w = world();
    const lease = createBudgetLease({
      coordinator: w.coordinator,
      holder: 'w1',
      limits: () => ({ perSecond: 10, daily: 3 }),
      apiClock: { now: () => API_NOW + w.now() },
      sleep: w.sleep,
      elapsed: w.now,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const work = lease.hold(async () => {
      for (let i = 0; i < 3; i++) await lease.gate.acquire();
      await expect(lease.gate.acquire()).rejects.toBeInstanceOf(ZoomDailyQuotaError);
    });
    await w.run(work);
    await w.run(lease.close());
  });
});
