import type { BackfillOptions, SinkSpec, SmsFilters } from '../types.ts';

/** Input of `smsIncrementalSync` (what a Schedule's action carries). */
export interface IncrementalSyncInput {
  /** How far back each run reads. Default in `createIncrementalSyncSchedule`: one day. */
  readonly lookBackMs: number;
  /** Extra look-back for engagements completed late. Default: two days. */
  readonly overlapMs: number;
  /** List SMS filters, as for a backfill. */
  readonly filters?: SmsFilters | undefined;
  /** Where each run lands its records (use `dedupe: 'all'` for NDJSON: runs overlap). */
  readonly sink: SinkSpec;
  /** The Zoom account the workers must serve (refused by a worker configured for another). */
  readonly account?: string | undefined;
  /** Options of each run's backfill. */
  readonly options?: BackfillOptions | undefined;
}
