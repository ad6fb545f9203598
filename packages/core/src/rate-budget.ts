/**
 * One rate budget per account, shared by every concurrent request (Zoom's limits are per account and
 * shared by every app installed on it — Zoom rate-limits page). Two parts:
 *
 * - Pacing: requests are spaced evenly at `1000 / rate` ms, so a client at the configured limit never
 *   bursts above it. When Zoom answers a per-second 429 although we respect the configured rate,
 *   someone else is spending the budget: the rate drops multiplicatively and recovers additively (AIMD).
 * - Daily quota: requests counted per UTC day against `daily × share`. When spent, `acquire` throws
 *   `ZoomDailyQuotaError` with the reset time (a durable caller sleeps until then) or, with
 *   `onDailyQuota: 'wait'`, sleeps until the reset itself.
 */
import { nextUtcMidnight } from './dates.ts';
import { ZoomAbortError, ZoomDailyQuotaError } from './errors.ts';
import { MAX_RETRY_AFTER_MS } from './rate-limit-policy.ts';
import { validateRateBudgetOptions } from './rate-options.ts';
import type { Clock, Sleep } from './transport.ts';

/**
 * Zoom Contact Center HEAVY label (List SMS): Pro 5/s + 15,000/day; Business+ 10/s + 30,000/day.
 *
 * @example
 * RATE_PLANS.business.perSecond; // 10
 */
export const RATE_PLANS = {
  pro: { perSecond: 5, daily: 15_000 },
  business: { perSecond: 10, daily: 30_000 },
} as const;

/** A Zoom rate plan: `pro` or `business` (keys of `RATE_PLANS`). */
export type RatePlanName = keyof typeof RATE_PLANS;

/**
 * Limits of a rate budget: a plan or explicit `perSecond`/`daily`, this client's share, and what to do when the daily quota is spent.
 *
 * @example
 * const rate: RateBudgetOptions = { plan: 'business', share: 0.5, onDailyQuota: 'wait' };
 */
export interface RateBudgetOptions {
  /** `pro` (default), `business`, or explicit limits. */
  readonly plan?: RatePlanName | undefined;
  /** Requests per second instead of the rate plan's. */
  readonly perSecond?: number | undefined;
  /** Requests per UTC day instead of the rate plan's. */
  readonly daily?: number | undefined;
  /** Share of the account's budget this client may use, (0, 1]. Default 1. */
  readonly share?: number | undefined;
  /** `throw` (default): raise `ZoomDailyQuotaError`; `wait`: sleep until the reset and go on. */
  readonly onDailyQuota?: 'throw' | 'wait' | undefined;
  /** Called when waiting for the daily reset (with `onDailyQuota: 'wait'`). */
  readonly onQuotaWait?: ((resetAt: number) => void) | undefined;
  /** Requests already spent today (for example restored from a checkpoint). */
  readonly usedToday?: number | undefined;
}

/** A snapshot of a rate budget: current and configured rate, daily use and limit, throttling. */
export interface RateBudgetState {
  /** Requests per second currently allowed (lowered by AIMD after 429s). */
  readonly rate: number;
  /** Requests per second configured, before any lowering. */
  readonly configuredRate: number;
  /** Requests allowed per UTC day. */
  readonly dailyLimit: number;
  /** Requests spent today (UTC). */
  readonly usedToday: number;
  /** Epoch ms of the next daily reset. */
  readonly resetAt: number;
  /** Throttling signals (429s) seen so far. */
  readonly throttled: number;
  /** Set while a caller waits for the daily reset. */
  readonly waitingUntil: number | undefined;
}

/** Paces requests under Zoom's per-second and daily limits; one budget may be shared by several clients' cursors. */
export interface RateBudget {
  /** True when `acquire` sleeps through a spent daily quota instead of throwing. */
  readonly waitsForDailyReset: boolean;
  /** Waits for a request slot. Throws `ZoomDailyQuotaError` when the quota is spent (unless waiting). */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * Today's remaining quota cannot cover the work about to start: wait for the next daily reset (or throw
   * `ZoomDailyQuotaError` unless the budget waits for resets).
   */
  awaitReset(signal?: AbortSignal): Promise<void>;
  /** A per-second 429 arrived although pacing was respected: slow down (multiplicative decrease). */
  onThrottled(): void;
  /** A request succeeded: speed back up (additive increase) towards the configured rate. */
  onSuccess(): void;
  /** Zoom said the daily quota is spent: stop spending until `resetAt`. */
  onDailyExhausted(resetAt: number): void;
  /** A snapshot of the limits and today's use. */
  state(): RateBudgetState;
}

/** Effects a rate budget needs: the clock and a sleep. */
export interface RateBudgetDeps {
  readonly clock: Clock;
  readonly sleep: Sleep;
}

/**
 * The per-second and daily limits of the options (plan defaults, explicit limits, times `share`).
 * Throws `ZoomInputError` for options out of range.
 *
 * @example
 * resolveLimits({ plan: 'business', share: 0.5 }); // { perSecond: 5, daily: 15000, share: 0.5 }
 */
export function resolveLimits(options: RateBudgetOptions): {
  perSecond: number;
  daily: number;
  share: number;
} {
  validateRateBudgetOptions(options);
  const ratePlan = RATE_PLANS[options.plan ?? 'pro'];
  const share = options.share ?? 1;
  return {
    perSecond: (options.perSecond ?? ratePlan.perSecond) * share,
    daily: Math.floor((options.daily ?? ratePlan.daily) * share),
    share,
  };
}

/**
 * A rate budget: paces `acquire` to `perSecond`, lowers the rate after 429s, counts the daily quota.
 *
 * @example
 * const budget = createRateBudget({ plan: 'pro' }, { clock: systemClock, sleep: timerSleep });
 * await budget.acquire(); // waits for a request slot
 */
export function createRateBudget(options: RateBudgetOptions, deps: RateBudgetDeps): RateBudget {
  const { perSecond, daily } = resolveLimits(options);
  const minRate = Math.min(perSecond, 0.5);
  let rate = perSecond;
  let nextSlot = 0;
  let day = nextUtcMidnight(deps.clock.now());
  let used = options.usedToday ?? 0;
  let blockedUntil = 0;
  let throttled = 0;
  let waitingUntil: number | undefined;
  let lastDecrease = 0;
  let lastRelease = Number.NEGATIVE_INFINITY;

  function rollDay(now: number): void {
    if (now >= day) {
      day = nextUtcMidnight(now);
      used = 0;
    }
  }

  async function waitDaily(resetAt: number, signal?: AbortSignal): Promise<void> {
    if (options.onDailyQuota !== 'wait') {
      throw new ZoomDailyQuotaError(
        `The daily request quota (${daily} requests) is spent until ${new Date(resetAt).toISOString()}`,
        { resetAt, status: 429 },
      );
    }
    waitingUntil = resetAt;
    options.onQuotaWait?.(resetAt);
    await deps.sleep(Math.max(0, resetAt - deps.clock.now()), signal);
    waitingUntil = undefined;
  }

  return {
    waitsForDailyReset: options.onDailyQuota === 'wait',
    async acquire(signal) {
      for (;;) {
        if (signal?.aborted) throw new ZoomAbortError('Aborted while waiting for the rate budget');
        const now = deps.clock.now();
        rollDay(now);
        if (now < blockedUntil) {
          await waitDaily(blockedUntil, signal);
          continue;
        }
        if (used >= daily) {
          await waitDaily(day, signal);
          continue;
        }
        // Reserve the next evenly spaced slot synchronously, so concurrent callers never share one.
        const slot = Math.max(now, nextSlot);
        nextSlot = slot + 1000 / rate;
        used += 1;
        if (slot > now) await deps.sleep(slot - now, signal);
        // A stall (GC, a busy event loop, a suspended laptop) wakes several waiters at once; releasing them
        // together would burst above the limit and earn 429s. Each waker reserves its own release instead.
        const woke = deps.clock.now();
        const release = Math.max(woke, lastRelease + 1000 / rate);
        lastRelease = release;
        if (release > woke) await deps.sleep(release - woke, signal);
        return;
      }
    },
    async awaitReset(signal) {
      rollDay(deps.clock.now());
      await waitDaily(Math.max(day, blockedUntil), signal);
    },
    onThrottled() {
      throttled += 1;
      const now = deps.clock.now();
      // One decrease per second at most: a burst of 429s from one overload is one signal.
      if (now - lastDecrease < 1000) return;
      lastDecrease = now;
      rate = Math.max(minRate, rate / 2);
      nextSlot = Math.max(nextSlot, now + 1000 / rate);
    },
    onSuccess() {
      if (rate < perSecond) rate = Math.min(perSecond, rate + perSecond / 50);
    },
    onDailyExhausted(resetAt) {
      // Never block beyond a sane reset, whoever computed `resetAt` (rate-limit-policy.ts).
      const latest = deps.clock.now() + MAX_RETRY_AFTER_MS;
      blockedUntil = Math.max(blockedUntil, Math.min(resetAt, latest));
    },
    state() {
      const now = deps.clock.now();
      rollDay(now);
      return {
        rate,
        configuredRate: perSecond,
        dailyLimit: daily,
        usedToday: used,
        resetAt: Math.max(day, blockedUntil),
        throttled,
        waitingUntil,
      };
    },
  };
}
