/**
 * Poison records: records a careless sink chokes on — `start_time`/`end_time` that are not timestamps and
 * a NUL (`\u0000`) in a string (PostgreSQL's `text` rejects it). Zoom documents `yyyy-MM-ddTHH:mm:ssZ`, so
 * these are hostile answers, not variants: the `poisonRecords` fault turns them on for 1 in `every`
 * records, chosen by a hash of the engagement id so the same records are poisoned on every page, restart
 * and `sandbox.records()` call. Ids, order and counts are unchanged, so the ground truth stays the same.
 * Poisoned pages are re-serialised through JSON (served-records.ts: slow, but only while the fault is on).
 */
import { pickedById } from './id-pick.ts';
import type { SmsRecord } from './record-fields.ts';

/** The poisoned form of a record: each poisoned record gets all three faults. */
export function poisonRecord<T extends Partial<SmsRecord>>(record: T): T {
  return {
    ...record,
    start_time: `${record.start_time ?? ''}`.replace(/T/, ' ').replace(/Z$/, '') || 'not a time',
    end_time: '2025-13-45T25:61:61Z',
    consumer_display_name: `${record.consumer_display_name ?? 'Ann'}\u0000`,
  };
}

/** Applies the fault to a list of records (for `sandbox.records()` and the admin `records` endpoint). */
export function poisonRecords<T extends Partial<SmsRecord> & { engagement_id: string }>(
  records: T[],
  every: number | undefined,
): T[] {
  if (every === undefined) return records;
  return records.map((r) => (pickedById(r.engagement_id, every) ? poisonRecord(r) : r));
}
