/** The benchmark matrix of issue 7: traffic shape × rate plan × latency. */
import { RATE_PLANS, type RatePlanName } from '@zcc-sms/core';

export interface Traffic {
  readonly name: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly records: number;
  readonly profile: 'ordinary' | 'busy-month';
}

export const TRAFFIC: readonly Traffic[] = [
  {
    name: 'year',
    label: '(a) 12 months of ordinary traffic',
    from: '2025-01-01',
    to: '2025-12-31',
    records: 60_000,
    profile: 'ordinary',
  },
  {
    name: 'busy',
    label: '(b) one busy month of 100,000 records',
    from: '2025-06-01',
    to: '2025-06-30',
    records: 100_000,
    profile: 'ordinary',
  },
];

export const LATENCIES_MS = [100, 300, 800] as const;
export const PLANS: readonly RatePlanName[] = ['pro', 'business'];

export function limitsOf(ratePlan: RatePlanName) {
  return RATE_PLANS[ratePlan];
}
