/**
 * What a perfect client would collect: every record matching a query at the current sandbox time, over
 * any range length (as if Zoom accepted it in one query), ignoring paging and the one-month limit.
 */

import type { SmsRecord } from './record-fields.ts';
import { engagementId, materializeRecord } from './record-fields.ts';
import type { SandboxState } from './sandbox-state.ts';
import { servedRecords } from './served-records.ts';
import type { QueryParams } from './sms-query.ts';
import { parseSmsQuery, toQueryParams } from './sms-query.ts';
import { buildPredicate, findAll } from './sms-search.ts';

/**
 * Query parameters as a test writes them; same names and formats as the HTTP API.
 *
 * @example
 * const ids = sandbox.groundTruth({ from: '2026-01-01', to: '2026-01-31', direction: 'inbound' });
 */
export interface SmsQueryInput {
  /** Start of the range (`yyyy-mm-dd` or ISO 8601). */
  from?: string;
  /** End of the range. */
  to?: string;
  /** ISO 3166 alpha-2 codes, one or several. */
  country_iso_codes?: string | string[];
  /** `inbound` or `outbound`. */
  direction?: 'inbound' | 'outbound' | string;
  /** An agent's user id. */
  user_id?: string;
  /** One engagement. */
  engagement_id?: string;
  /** A consumer's number (E.164). */
  consumer_number?: string;
}

export function toParams(query: SmsQueryInput | QueryParams | undefined): QueryParams {
  if (query instanceof URLSearchParams) return query;
  return toQueryParams((query ?? {}) as Record<string, unknown>);
}

/** Positions newest first; throws with Zoom's error body when the query is invalid. */
export function matchingPositions(
  state: SandboxState,
  query: SmsQueryInput | QueryParams | undefined,
): number[] {
  const nowMs = state.clock.now();
  const parsed = parseSmsQuery(toParams(query), state.variants, nowMs, { unlimited: true });
  if (!parsed.ok) throw new Error(`Invalid query: ${JSON.stringify(parsed.error.body)}`);
  const ordering = state.index.ordering(state.variants.boundField);
  const predicate = buildPredicate(state.dataset, state.catalog, parsed.query, Math.floor(nowMs / 1000));
  return findAll(state.dataset, ordering, parsed.query, predicate);
}

/** Engagement ids, sorted ascending by UTF-16 code units (plain `.sort()`), for set comparisons. */
export function groundTruthIds(state: SandboxState, query?: SmsQueryInput | QueryParams): string[] {
  return matchingPositions(state, query)
    .map((pos) => engagementId(state.dataset, pos))
    .sort();
}

/** Full records in API order (newest first), exactly as the API would serialise them now (poison and missing values included). */
export function groundTruthRecords(state: SandboxState, query?: SmsQueryInput | QueryParams): SmsRecord[] {
  const records = matchingPositions(state, query).map((pos) =>
    materializeRecord(state.dataset, state.catalog, pos, state.variants),
  );
  return servedRecords(records, state.variants, state.faults.config().poisonRecords?.every);
}
