/**
 * Records as the API serves them now: the `missingValues` variant, then the `poisonRecords` fault, on
 * materialised records (the ground truth) or on an encoded page — parsed and re-serialised once, and only
 * while either is on (slow, but the fast encoder knows neither).
 */
import { withMissingValues } from './missing-values.ts';
import { poisonRecords } from './poison.ts';
import type { SmsRecord } from './record-fields.ts';
import type { Variants } from './variants.ts';

export function servedRecords<T extends Partial<SmsRecord> & { engagement_id: string }>(
  records: T[],
  variants: Variants,
  poisonEvery: number | undefined,
): T[] {
  return poisonRecords(withMissingValues(records, variants.missingValues), poisonEvery);
}

export function servedPage(payload: Buffer, variants: Variants, poisonEvery: number | undefined): Buffer {
  if (variants.missingValues === 'none' && poisonEvery === undefined) return payload;
  const page = JSON.parse(payload.toString('utf8')) as { sms: Array<SmsRecord> };
  page.sms = servedRecords(page.sms, variants, poisonEvery);
  return Buffer.from(JSON.stringify(page));
}
