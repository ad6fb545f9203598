import type { BackfillOptions, SinkSpec, SmsFilters } from '../types.ts';

/** Input of `smsIncrementalSync` (what a Schedule's action carries). */
export interface IncrementalSyncInput {
  /** How far back each run reads. Default in `createIncrementalSyncSchedule`: one day. */
  readonly lookBackMs: number;
  /** Extra look-back for engagements completed late. Default: two days. */
  readonly overlapMs: number;
  readonly filters?: SmsFilters | undefined;
  readonly sink: SinkSpec;
  readonly account?: string | undefined;
  readonly options?: BackfillOptions | undefined;
}
