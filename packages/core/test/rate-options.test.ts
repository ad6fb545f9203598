import { describe, expect, it } from 'vitest';
import { ZoomInputError } from '../src/errors.ts';
import { createRateBudget } from '../src/rate-budget.ts';
import { validateRateBudgetOptions } from '../src/rate-options.ts';
import { validateRetryOptions } from '../src/retry-policy.ts';
import { instantSleep, manualClock } from './support/fakes.ts';

describe('rate option validation', () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ perSecond: 0 }, 'perSecond', /perSecond: 0 .*above 0/],
    [{ perSecond: -1 }, 'perSecond', /perSecond: -1/],
    [{ perSecond: Number.NaN }, 'perSecond', /perSecond/],
    [{ perSecond: 1e9 }, 'perSecond', /at most 1000000/],
    [{ share: 1.5 }, 'share', /share: 1.5 .*at most 1/],
    [{ share: 0 }, 'share', /share: 0/],
    [{ daily: 0 }, 'daily', /daily: 0 is not a whole number ≥ 1/],
    [{ daily: 10.5 }, 'daily', /daily/],
    [{ usedToday: -1 }, 'usedToday', /usedToday/],
    [{ plan: 'enterprise' }, 'plan', /plan: "enterprise" is not a rate plan; use one of pro, business/],
    [{ onDailyQuota: 'sleep' }, 'onDailyQuota', /'throw' or 'wait'/],
  ];
  for (const [options, field, text] of cases) {
    it(`rejects ${JSON.stringify(options)} naming ${field}, the value and the fix`, () => {
      let error: unknown;
      try {
        validateRateBudgetOptions(options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ZoomInputError);
      expect((error as ZoomInputError).field).toBe(field);
      expect((error as Error).message).toMatch(text);
    });
  }

  it('accepts the plans, fractions of a share and fractional rates', () => {
    for (const ok of [
      {},
      { plan: 'business' },
      { perSecond: 0.5, share: 0.25 },
      { daily: 1, usedToday: 0 },
    ]) {
      expect(() => validateRateBudgetOptions(ok)).not.toThrow();
    }
  });

  it('is applied by createRateBudget before anything is spent', () => {
    const clock = manualClock();
    expect(() => createRateBudget({ perSecond: 0 }, { clock, sleep: instantSleep(clock) })).toThrow(
      ZoomInputError,
    );
  });
});

describe('retry option validation', () => {
  it('names the option, the value and the fix', () => {
    const base = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 20_000 };
    expect(() => validateRetryOptions({ ...base, maxAttempts: 0 })).toThrow(
      /retry.maxAttempts: 0 .*1 to 100/,
    );
    expect(() => validateRetryOptions({ ...base, maxAttempts: Number.POSITIVE_INFINITY })).toThrow(
      ZoomInputError,
    );
    expect(() => validateRetryOptions({ ...base, baseDelayMs: -1 })).toThrow(/retry.baseDelayMs: -1/);
    expect(() => validateRetryOptions({ ...base, maxDelayMs: Number.NaN })).toThrow(/retry.maxDelayMs/);
    expect(() => validateRetryOptions(base)).not.toThrow();
  });
});
