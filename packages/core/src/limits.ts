/**
 * The numbers and names every package checks input against, each defined once (here, or beside the model
 * they belong to: `MAX_PAGE_SIZE` in query.ts, `RATE_PLANS` in rate-budget.ts). The temporal package, the
 * CLI and the n8n node import them instead of repeating `1–100` or `'pro' | 'business'`.
 */
import { ZoomInputError } from './errors.ts';
import { MAX_PAGE_SIZE, type SmsFilters, type SmsQuery } from './query.ts';
import { RATE_PLANS, type RatePlanName } from './rate-budget.ts';

/**
 * Windows paged at once by one client, and the most any caller may ask for: beyond it, more cursors only
 * queue behind the account's per-second limit (5 or 10 requests a second) while holding page tokens that
 * expire after 15 minutes.
 *
 * @example
 * checkConcurrency('--concurrency', 65); // throws: use a whole number from 1 to 64 (MAX_CONCURRENCY)
 */
export const MAX_CONCURRENCY = 64;

/**
 * Scopes that let a Server-to-Server OAuth app call List SMS; either one is enough (Zoom's granular scope and
 * its classic equivalent, per the List SMS reference).
 *
 * @example
 * const ok = SMS_READ_SCOPES.some((scope) => grantedScopes.includes(scope));
 */
export const SMS_READ_SCOPES = [
  'contact_center_sms:read:admin',
  'contact_center:read:sms_log:admin',
] as const;

/**
 * True when a token's granted scopes include one of `SMS_READ_SCOPES`.
 *
 * @example
 * grantsSmsRead(['contact_center:read:sms_log:admin']); // true
 * grantsSmsRead(['user:read:admin']); // false
 */
export function grantsSmsRead(scopes: readonly string[]): boolean {
  return SMS_READ_SCOPES.some((scope) => scopes.includes(scope));
}

/**
 * `contact_center_sms:read:admin (or contact_center:read:sms_log:admin)`, for messages that name the fix.
 *
 * @example
 * throw new Error(`the app lacks the scope ${SMS_READ_SCOPES_TEXT}`);
 */
export const SMS_READ_SCOPES_TEXT = `${SMS_READ_SCOPES[0]} (or ${SMS_READ_SCOPES[1]})`;

/**
 * A whole number from 1 to `max`, or a `ZoomInputError` naming the field, the value and the range.
 *
 * @example
 * checkWholeNumber('--page-size', 500, MAX_PAGE_SIZE); // throws: --page-size: 500 is out of range; use a whole number from 1 to 100
 */
export function checkWholeNumber(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ZoomInputError(field, value, 'is out of range', `use a whole number from 1 to ${max}`);
  }
  return value;
}

/**
 * Records per request: 1 to {@link MAX_PAGE_SIZE}.
 *
 * @example
 * const pageSize = checkPageSize('--page-size', Number(flag)); // 1 to 100, else ZoomInputError
 */
export function checkPageSize(field: string, value: unknown): number {
  return checkWholeNumber(field, value, MAX_PAGE_SIZE);
}

/**
 * Windows paged at once: 1 to {@link MAX_CONCURRENCY}.
 *
 * @example
 * const concurrency = checkConcurrency('--concurrency', 8); // 8
 */
export function checkConcurrency(field: string, value: unknown): number {
  return checkWholeNumber(field, value, MAX_CONCURRENCY);
}

/** The paging helpers' `pageSize`: 100 when not given, else checked. */
export function pageSizeOption(value: number | undefined): number {
  return value === undefined ? MAX_PAGE_SIZE : checkPageSize('pageSize', value);
}

/** The paging helpers' `concurrency` (windows at once): 4 when not given, else checked. */
export function concurrencyOption(value: number | undefined): number {
  return value === undefined ? 4 : checkConcurrency('concurrency', value);
}

/**
 * Whether `value` names one of Zoom's rate plans (`pro`, `business`; see `RATE_PLANS`).
 *
 * @example
 * if (!isRatePlanName(flag)) throw new Error(`--plan must be one of ${Object.keys(RATE_PLANS).join(', ')}`);
 */
export function isRatePlanName(value: unknown): value is RatePlanName {
  return typeof value === 'string' && Object.hasOwn(RATE_PLANS, value);
}

/**
 * The filters of a query: everything but the range (`from`, `to`) and paging (`page_size`,
 * `next_page_token`). What identifies a data set, e.g. for a backfill's id or a schedule.
 *
 * @example
 * filtersOf({ from: '2025-01-01', to: '2025-01-31', direction: 'inbound', page_size: 50 }); // { direction: 'inbound' }
 */
export function filtersOf(query: SmsQuery): SmsFilters {
  const { from: _f, to: _t, page_size: _p, next_page_token: _n, ...filters } = query;
  return filters;
}
