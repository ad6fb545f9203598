/**
 * Validation of rate-budget options, before any request. Unchecked, `perSecond: 0` made the pacing gap
 * `1000 / 0 = Infinity` collapse to no pacing at all (~900 requests/s), `-1` spent a day's quota in under
 * a second and `share: 2` doubled the account's quota (issue #10). Exported so the Temporal worker and the
 * CLI check their flags with the same rules and words.
 */
import { ZoomInputError } from './errors.ts';

/** Rate plan names; the limits are in rate-budget.ts (`RATE_PLANS`). */
const PLANS = ['pro', 'business'] as const;
/** Far above any Zoom plan's HEAVY limit (10/s): room for sandboxes and benchmarks, which run effectively unpaced. */
export const MAX_PER_SECOND = 1_000_000;

/**
 * The options `validateRateBudgetOptions` checks (a subset of `RateBudgetOptions`).
 *
 * @example
 * validateRateBudgetOptions({ plan: 'business', share: 0.5 }); // passes
 */
export interface RateOptionsInput {
  /** `pro` or `business`. */
  readonly plan?: unknown;
  /** Requests per second, above 0 and at most 1,000,000. */
  readonly perSecond?: unknown;
  /** Requests per UTC day, a whole number above 0. */
  readonly daily?: unknown;
  /** Share of the account's budget, (0, 1]. */
  readonly share?: unknown;
  /** Requests already spent today, a whole number from 0. */
  readonly usedToday?: unknown;
  /** `throw` or `wait`. */
  readonly onDailyQuota?: unknown;
}

function positiveNumber(field: string, value: unknown, max: number, fix: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new ZoomInputError(field, value, 'is not a number within its range', fix);
  }
}

function wholeNumber(field: string, value: unknown, min: number, fix: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ZoomInputError(field, value, `is not a whole number ≥ ${min}`, fix);
  }
}

/**
 * Throws `ZoomInputError` naming the field, the value and the fix when a rate option is out of range.
 *
 * @example
 * validateRateBudgetOptions({ perSecond: 0 }); // ZoomInputError: perSecond: 0 is not a number within its range; …
 */
export function validateRateBudgetOptions(options: RateOptionsInput): void {
  if (options.plan !== undefined && !(PLANS as readonly unknown[]).includes(options.plan)) {
    throw new ZoomInputError('plan', options.plan, 'is not a rate plan', `use one of ${PLANS.join(', ')}`);
  }
  if (options.perSecond !== undefined) {
    positiveNumber(
      'perSecond',
      options.perSecond,
      MAX_PER_SECOND,
      `use requests per second above 0 and at most ${MAX_PER_SECOND} (Zoom's HEAVY limit is 5 on Pro, 10 on Business)`,
    );
  }
  if (options.daily !== undefined) {
    wholeNumber(
      'daily',
      options.daily,
      1,
      'use the daily request quota, e.g. 15000 (Pro) or 30000 (Business)',
    );
  }
  if (options.share !== undefined) {
    positiveNumber(
      'share',
      options.share,
      1,
      'use the fraction of the account budget to spend, above 0 and at most 1',
    );
  }
  if (options.usedToday !== undefined) {
    wholeNumber(
      'usedToday',
      options.usedToday,
      0,
      'use the number of requests already spent today (0 or more)',
    );
  }
  if (
    options.onDailyQuota !== undefined &&
    options.onDailyQuota !== 'throw' &&
    options.onDailyQuota !== 'wait'
  ) {
    throw new ZoomInputError(
      'onDailyQuota',
      options.onDailyQuota,
      'is not a choice',
      "use 'throw' or 'wait'",
    );
  }
}
