/**
 * `--plan`, `--max-rps`, `--daily-quota`: the account's List SMS budget (Zoom HEAVY label: Pro 5/s and
 * 15,000/day, Business+ 10/s and 30,000/day — Zoom rate-limits page) as the core's `RateBudgetOptions`.
 */
import type { Favor, RateBudgetOptions, RatePlanName } from '@zcc-sms/core';
import { isRatePlanName } from '@zcc-sms/core';
import { flagError } from './cli-error.ts';
import { type FlagTable, type FlagValues, stringFlag } from './command.ts';

export const BUDGET_FLAGS: FlagTable = {
  plan: {
    type: 'string',
    value: 'PLAN',
    description: "Zoom plan's rate limits: pro (5/s, 15,000/day; default) or business (10/s, 30,000/day)",
    group: 'Rate limits',
  },
  'max-rps': {
    type: 'string',
    value: 'N',
    description: "Requests per second (default: the plan's; lower it when other apps share the account)",
    group: 'Rate limits',
  },
  'daily-quota': {
    type: 'string',
    value: 'N',
    description: "Requests per UTC day (default: the plan's)",
    group: 'Rate limits',
  },
};

export function positiveNumber(
  flags: FlagValues,
  flag: string,
  options: { integer: boolean; max?: number },
): number | undefined {
  const text = stringFlag(flags, flag);
  if (text === undefined) return undefined;
  const n = Number(text);
  const kind = options.integer ? 'a whole number' : 'a number';
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || (options.integer && !Number.isInteger(n))) {
    throw flagError(
      `--${flag}`,
      text,
      `is not ${kind} above 0`,
      `use ${kind} such as ${options.integer ? '4' : '2.5'}`,
    );
  }
  if (options.max !== undefined && n > options.max) {
    throw flagError(`--${flag}`, text, `is above ${options.max}`, `use ${kind} from 1 to ${options.max}`);
  }
  return n;
}

export function budgetFromFlags(flags: FlagValues): Pick<RateBudgetOptions, 'plan' | 'perSecond' | 'daily'> {
  const ratePlan = stringFlag(flags, 'plan')?.toLowerCase();
  if (ratePlan !== undefined && !isRatePlanName(ratePlan)) {
    throw flagError(
      '--plan',
      stringFlag(flags, 'plan'),
      'is not a plan',
      'use pro or business (Business and above share the business limits)',
    );
  }
  return {
    plan: (ratePlan as RatePlanName | undefined) ?? 'pro',
    perSecond: positiveNumber(flags, 'max-rps', { integer: false, max: 1000 }),
    daily: positiveNumber(flags, 'daily-quota', { integer: true }),
  };
}

export const FAVOR_FLAG: FlagTable = {
  favor: {
    type: 'string',
    value: 'WHAT',
    description:
      'time: split busy months so several cursors share the rate limit (up to 5 % extra requests); quota: never spend an extra request',
    group: 'Rate limits',
  },
};

export function favorFromFlags(flags: FlagValues, fallback: Favor): Favor {
  const value = stringFlag(flags, 'favor');
  if (value === undefined) return fallback;
  if (value === 'time' || value === 'quota') return value;
  throw flagError('--favor', value, 'is not a choice', 'use time or quota');
}
