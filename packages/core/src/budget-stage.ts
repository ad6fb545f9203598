/**
 * The account's rate budget around each attempt: a slot before it (pacing and the daily count, see
 * rate-budget.ts), and after it what the answer says: a success lets the rate recover, a per-second 429
 * slows it (AIMD), a daily 429 stops spending until the reset. The token request of an attempt happens
 * inside the slot (sendStage resolves it), so a 429 from the token endpoint teaches the budget too.
 *
 * A `ZoomDailyQuotaError` that `acquire` itself throws (our own count is spent) is not fed back: it is the
 * budget's own verdict.
 */
import { ZoomDailyQuotaError, ZoomRateLimitError } from './errors.ts';
import type { RateBudget } from './rate-budget.ts';
import type { Stage } from './request-stage.ts';

export type BudgetStageBudget = Pick<
  RateBudget,
  'acquire' | 'onSuccess' | 'onThrottled' | 'onDailyExhausted'
>;

export function budgetStage(budget: BudgetStageBudget): Stage {
  return (next) => async (call) => {
    await budget.acquire(call.signal);
    try {
      const value = await next(call);
      budget.onSuccess();
      return value;
    } catch (error) {
      if (error instanceof ZoomDailyQuotaError) budget.onDailyExhausted(error.resetAt);
      else if (error instanceof ZoomRateLimitError) budget.onThrottled();
      throw error;
    }
  };
}
