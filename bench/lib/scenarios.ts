/** The benchmark matrix of issue 13: data shape × rate plan × latency × path. */
import { RATE_PLANS, type RatePlanName } from '@zcc-sms/core';

export interface Traffic {
  readonly name: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly records: number;
  readonly profile: 'ordinary' | 'uniform' | 'spike';
}

const month = (name: string, records: number, profile: Traffic['profile'] = 'ordinary'): Traffic => ({
  name,
  label: `one month of ${records.toLocaleString('en-US')} records${profile === 'spike' ? ', 91 % on one day' : ''}`,
  from: '2025-06-01',
  to: '2025-06-30',
  records,
  profile,
});

/** Shapes paged on an accelerated clock (export rows). */
export const TRAFFIC: readonly Traffic[] = [
  {
    name: 'year',
    label: 'a uniform year',
    from: '2025-01-01',
    to: '2025-12-31',
    records: 21_600,
    profile: 'uniform',
  },
  month('m2k', 2_000),
  month('m8k', 8_000),
  month('m30k', 30_000),
  month('m100k', 100_000),
  month('spike', 8_200, 'spike'),
];

/** Shapes spawned through the real `zcc-sms export` (real time, spawn to exit). */
export const CLI_TRAFFIC: readonly string[] = ['m8k', 'spike'];

export const LATENCIES_MS = [100, 300, 800] as const;
export const PLANS: readonly RatePlanName[] = ['pro', 'business'];

export function limitsOf(ratePlan: RatePlanName) {
  return RATE_PLANS[ratePlan];
}

/** Minimum requests: Σ ⌈records per month ÷ 100⌉ (at least one request per month). */
export async function minimumRequests(
  months: ReadonlyArray<{ from: string; to: string }>,
  count: (query: { from: string; to: string }) => Promise<number>,
): Promise<number> {
  let minimum = 0;
  for (const w of months) minimum += Math.max(1, Math.ceil((await count(w)) / 100));
  return minimum;
}
