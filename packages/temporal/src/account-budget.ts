/**
 * One rate budget per Zoom account per worker. Zoom's limits are per account and shared by every app on
 * it (Zoom rate-limits page), so two backfills with different rate options on one worker must still stay
 * under the account's limit together. Each request passes two budgets: the backfill's own (its `share`
 * of the account) and the account's, which every backfill of the worker shares. When backfills disagree
 * about the account's limits (one says `business`, another `pro`), the strictest limits win: they cannot
 * both be right, and the stricter one never earns 429s.
 */
import type { Clock, RateBudget, RateBudgetState, Sleep } from '@zcc-sms/core';
import { createRateBudget, resolveLimits } from '@zcc-sms/core';
import type { LeaseGate } from './budget-lease.ts';
import type { RateOptions } from './types.ts';

export interface Limits {
  readonly perSecond: number;
  readonly daily: number;
}

/** The account's limits (for this worker's share) a backfill's rate options describe. */
export function accountLimits(rate: RateOptions, workerShare: number): Limits {
  const { perSecond, daily } = resolveLimits({ ...rate, share: workerShare });
  return { perSecond, daily };
}

/** The stricter of two readings of the account's limits, field by field. */
export function strictest(a: Limits | undefined, b: Limits): Limits {
  if (!a) return b;
  return { perSecond: Math.min(a.perSecond, b.perSecond), daily: Math.min(a.daily, b.daily) };
}

export interface AccountBudgetDeps {
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly workerShare: number;
  /**
   * The worker's lease on the account across workers (budget-lease.ts): every request passes it after
   * this worker's own budgets. Without one, the worker assumes it is alone on the account (or `--share`d).
   */
  readonly gate?: LeaseGate | undefined;
}

export interface AccountBudget {
  /** A budget for one backfill's rate options: its own share, inside the account's shared budget. */
  forBackfill(rate: RateOptions): RateBudget;
  /** The account's limits in force now (the strictest seen). */
  limits(): Limits;
  /** The account-wide budget's state, `undefined` before the first backfill asked for a budget. */
  state(): RateBudgetState | undefined;
}

export function createAccountBudget(deps: AccountBudgetDeps): AccountBudget {
  let limits: Limits | undefined;
  let shared: RateBudget | undefined;
  const account = (): RateBudget => shared as RateBudget;
  const tighten = (rate: RateOptions) => {
    const next = strictest(limits, accountLimits(rate, deps.workerShare));
    if (shared && limits && next.perSecond === limits.perSecond && next.daily === limits.daily) return;
    // Requests already spent today still count against the stricter limit.
    const usedToday = shared?.state().usedToday ?? 0;
    limits = next;
    shared = createRateBudget(
      { perSecond: next.perSecond, daily: next.daily, onDailyQuota: 'throw', usedToday },
      deps,
    );
  };
  return {
    limits: () => limits ?? { perSecond: 0, daily: 0 },
    state: () => shared?.state(),
    forBackfill(rate) {
      tighten(rate);
      const own = createRateBudget(
        { ...rate, share: (rate.share ?? 1) * deps.workerShare, onDailyQuota: 'throw' },
        deps,
      );
      return both(own, account, deps.gate);
    },
  };
}

/** A budget that admits a request only when the backfill's, the account's and the lease's budgets all do. */
function both(own: RateBudget, account: () => RateBudget, gate: LeaseGate | undefined): RateBudget {
  return {
    waitsForDailyReset: false,
    async acquire(signal) {
      await own.acquire(signal);
      await account().acquire(signal);
      await gate?.acquire(signal);
    },
    async awaitReset(signal) {
      await own.awaitReset(signal);
    },
    onThrottled() {
      own.onThrottled();
      account().onThrottled();
    },
    onSuccess() {
      own.onSuccess();
      account().onSuccess();
    },
    onDailyExhausted(resetAt) {
      own.onDailyExhausted(resetAt);
      account().onDailyExhausted(resetAt);
    },
    state(): RateBudgetState {
      const mine = own.state();
      const shared = account().state();
      return {
        ...mine,
        rate: Math.min(mine.rate, shared.rate),
        resetAt: Math.max(mine.resetAt, shared.resetAt),
      };
    },
  };
}
