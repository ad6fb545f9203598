/**
 * Daily incremental sync as a Temporal Schedule. Each run backfills the last day plus an overlap
 * (engagements appear only once completed, sometimes later — List SMS reference), so a late engagement
 * whose start_time lies in an already-synced day is still picked up; the sink drops what it has.
 * For an NDJSON sink use `dedupe: 'all'`, so overlapping runs never land an id in two files.
 */
import type { Client, ScheduleHandle, ScheduleOverlapPolicy } from '@temporalio/client';
import { parseSmsFilters } from '@zcc-sms/core';
import { type BackfillOptions, DEFAULT_TASK_QUEUE, type SinkSpec, type SmsFilters } from './types.ts';
import type { IncrementalSyncInput } from './workflows/incremental.ts';

/** Options of `createIncrementalSyncSchedule`: schedule id, sink, filters, hour of day and look-back. */
export interface IncrementalSyncScheduleOptions {
  /** Id of the Temporal schedule. */
  readonly scheduleId: string;
  /** Where records land. */
  readonly sink: SinkSpec;
  /** List SMS filters. */
  readonly filters?: SmsFilters | undefined;
  /** Zoom account id; a worker for another account refuses the runs. */
  readonly account?: string | undefined;
  /** Hour of day (UTC) to run. Default 1 (after Zoom's daily quota reset at 00:00 UTC). */
  readonly hourUtc?: number | undefined;
  /** Default one day. */
  readonly lookBackMs?: number | undefined;
  /** Extra look-back for late engagements. Default two days. */
  readonly overlapMs?: number | undefined;
  /** Default `zcc-sms`. */
  readonly taskQueue?: string | undefined;
  /** Options of each run's backfill. */
  readonly options?: BackfillOptions | undefined;
  /** Default SKIP: a run still going (e.g. waiting for the quota) is not doubled. */
  readonly overlap?: ScheduleOverlapPolicy | undefined;
}

/**
 * A Temporal schedule that exports each day's new SMS logs (with an overlap for late engagements).
 *
 * @example
 * await createIncrementalSyncSchedule(client, { scheduleId: 'zoom-sms-daily', sink: { type: 'postgres' } });
 */
export async function createIncrementalSyncSchedule(
  client: Client,
  options: IncrementalSyncScheduleOptions,
): Promise<ScheduleHandle> {
  parseSmsFilters(options.filters ?? {});
  const hour = options.hourUtc ?? 1;
  const sink: SinkSpec =
    options.sink.type === 'ndjson' && options.sink.dedupe === undefined
      ? { ...options.sink, dedupe: 'all' }
      : options.sink;
  const input: IncrementalSyncInput = {
    lookBackMs: options.lookBackMs ?? 86_400_000,
    overlapMs: options.overlapMs ?? 2 * 86_400_000,
    filters: options.filters,
    sink,
    account: options.account,
    options: options.options,
  };
  return await client.schedule.create({
    scheduleId: options.scheduleId,
    spec: { calendars: [{ hour, minute: 0 }] },
    policies: { overlap: options.overlap ?? 'SKIP', catchupWindow: '1 day' },
    action: {
      type: 'startWorkflow',
      workflowType: 'smsIncrementalSync',
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      args: [input],
    },
  });
}
