/**
 * Get Many's parameters → what to ask the core for. Pure, so the mapping is unit-tested without n8n.
 */
import {
  MAX_PAGE_SIZE,
  parseSmsQuery,
  type RatePlanName,
  type SmsQuery,
  ZoomInputError,
} from '@zcc-sms/core';
import { toZoomBound } from './date-bounds.ts';
import {
  type SmsFilterParameters,
  toAccountId,
  toPageSize,
  toRatePlan,
  toSmsFilters,
} from './sms-filters.ts';

export interface GetManyParameters {
  returnAll: boolean;
  limit?: number;
  from?: unknown;
  to?: unknown;
  filters?: SmsFilterParameters;
  options?: { pageSize?: number; simplify?: boolean; plan?: string; accountId?: string };
}

export interface GetManyRequest {
  /** Validated; no range means Zoom's default, the last 24 hours (made explicit by the core). */
  readonly query: SmsQuery;
  /** Stop after this many records; `undefined` with Return All. */
  readonly limit: number | undefined;
  readonly pageSize: number;
  /** Month windows paged at once under the shared rate budget. */
  readonly concurrency: number;
  readonly simplify: boolean;
  /** Zoom's rate plan (its word for the account's rate tier), which sets the limits the client paces to. */
  readonly ratePlan: RatePlanName;
  /** A sub-account read through the master-account twin; `undefined`: the credential's own account. */
  readonly accountId: string | undefined;
}

/**
 * Return All pages up to 4 month windows at once: one cursor runs at 1/latency pages per second, and the
 * HEAVY limit (5/s on Pro) needs several in flight (docs/zoom-api.md). With a limit, windows are read in order
 * one at a time and pages are no larger than the limit, so a small limit costs one small request.
 */
export const RETURN_ALL_CONCURRENCY = 4;

/**
 * @example
 * getManyRequest({ returnAll: false, limit: 50, from: '2026-01-01T00:00:00Z', to: '2026-03-31T23:59:59Z' }, 'UTC');
 * // { query: { from: '2026-01-01T00:00:00Z', to: '2026-03-31T23:59:59Z' }, limit: 50, pageSize: 50, concurrency: 1, … }
 */
export function getManyRequest(parameters: GetManyParameters, timeZone: string): GetManyRequest {
  const options = parameters.options ?? {};
  let limit: number | undefined;
  if (!parameters.returnAll) {
    limit = Number(parameters.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ZoomInputError(
        'limit',
        parameters.limit,
        'is not a positive whole number',
        'use 1 or more, or turn on Return All',
      );
    }
  }
  const from = toZoomBound('from', parameters.from, timeZone);
  const to = toZoomBound('to', parameters.to, timeZone);
  const query = parseSmsQuery({ ...toSmsFilters(parameters.filters ?? {}), from, to });
  const pageSize = toPageSize(
    options.pageSize,
    limit === undefined ? MAX_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE),
  );
  return {
    query,
    limit,
    pageSize,
    concurrency: limit === undefined ? RETURN_ALL_CONCURRENCY : 1,
    simplify: options.simplify === true,
    ratePlan: toRatePlan(options.plan),
    accountId: toAccountId(options.accountId),
  };
}
