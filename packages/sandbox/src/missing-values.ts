/**
 * How a record without a value for a descriptive field is sent — variant `missingValues`, UNCONFIRMED:
 * Zoom's reference shows every field filled, yet a consumer without a display name or an engagement no
 * agent handled has no value to show, and APIs answer that by leaving the field out or by `null`. With
 * `omitted` or `null`, 1 in `MISSING_EVERY` records (chosen by a hash of the engagement id, so the same ones
 * on every page, restart and `sandbox.records()` call) lack these values; with `none` (the default) every
 * record has them all. Ids, order and counts are unchanged, so the ground truth stays the same. Such pages
 * are re-serialised through JSON (served-records.ts: slow, but only while the variant is on).
 */
import { pickedById } from './id-pick.ts';
import type { SmsRecord } from './record-fields.ts';
import type { Variants } from './variants.ts';

export const MISSING_EVERY = 5;
/** The descriptive fields a record may lack; never its id or times, which paging relies on. */
export const MISSING_FIELDS = [
  'consumer_display_name',
  'agents',
  'country_name',
  'sms_types',
  'total_sent_files',
] as const;

export function withMissingValues<T extends Partial<SmsRecord> & { engagement_id: string }>(
  records: T[],
  mode: Variants['missingValues'],
): T[] {
  if (mode === 'none') return records;
  // A salt keeps these records apart from the ones the `poisonRecords` fault picks at the same rate.
  return records.map((r) => {
    if (!pickedById(`${r.engagement_id}/missing`, MISSING_EVERY)) return r;
    const copy: Record<string, unknown> = { ...r };
    for (const field of MISSING_FIELDS) {
      if (mode === 'null') copy[field] = null;
      else delete copy[field];
    }
    return copy as T;
  });
}
