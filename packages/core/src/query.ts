/**
 * The List SMS query model. Bad input is rejected before any request with a `ZoomInputError` that names
 * the field, the value and the fix.
 */
import { z } from 'zod';
import { parseZoomDate, upperInstant } from './dates.ts';
import { ZoomInputError } from './errors.ts';

/**
 * The most records List SMS returns per page (`page_size` 1 to 100).
 *
 * @example
 * await client.sms.list({ from: '2026-01-01', to: '2026-01-31', page_size: MAX_PAGE_SIZE });
 */
export const MAX_PAGE_SIZE = 100;

const FIXES: Record<string, string> = {
  from: 'use yyyy-mm-dd or ISO 8601 such as 2026-01-01T00:00:00Z',
  to: 'use yyyy-mm-dd or ISO 8601 such as 2026-01-31T23:59:59Z',
  page_size: `use a whole number from 1 to ${MAX_PAGE_SIZE}`,
  country_iso_codes: 'use two-letter upper-case ISO 3166 codes such as US, GB, DE',
  direction: 'use inbound or outbound',
  next_page_token: 'pass the next_page_token string from the previous page',
  user_id: "pass the agent's Zoom user ID",
  engagement_id: "pass the engagement's ID",
  consumer_number: "pass the consumer's phone number, e.g. +14155550123",
};

const optionalText = z.string().trim().min(1).optional();

/** Filters of the endpoint, everything but the range and paging. */
export const smsFiltersSchema = z
  .object({
    country_iso_codes: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    user_id: optionalText,
    engagement_id: optionalText,
    consumer_number: optionalText,
  })
  .strict();

export const smsQuerySchema = smsFiltersSchema
  .extend({
    from: z.string().optional(),
    to: z.string().optional(),
    page_size: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    next_page_token: z.string().optional(),
  })
  .strict();

/**
 * Filters of List SMS: direction, user, engagement, consumer number and country codes.
 *
 * @example
 * const filters: SmsFilters = { direction: 'inbound', country_iso_codes: ['US'] };
 */
export type SmsFilters = z.infer<typeof smsFiltersSchema>;
/**
 * A List SMS query: filters plus the range (`from`, `to`) and paging (`page_size`, `next_page_token`).
 *
 * @example
 * const query: SmsQuery = { from: '2026-01-01', to: '2026-01-31', direction: 'outbound', page_size: 100 };
 */
export type SmsQuery = z.infer<typeof smsQuerySchema>;

/** A validated range: both bounds present. */
export interface SmsRange {
  /** Start of the range, as given. */
  readonly from: string;
  /** End of the range, as given. */
  readonly to: string;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function toInputError(input: unknown, issue: z.core.$ZodIssue): ZoomInputError {
  const field = String(issue.path[0] ?? 'query');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return new ZoomInputError(
      key,
      valueAt(input, [key]),
      'is not a List SMS parameter',
      `use one of ${Object.keys(FIXES).join(', ')}`,
    );
  }
  const value = valueAt(input, issue.path);
  return new ZoomInputError(
    field,
    value,
    `is not valid (${issue.message})`,
    FIXES[field] ?? 'check the value',
  );
}

function checkDates(query: SmsQuery): void {
  const from = query.from === undefined ? undefined : parseZoomDate(query.from);
  const to = query.to === undefined ? undefined : parseZoomDate(query.to);
  if (query.from !== undefined && !from)
    throw new ZoomInputError('from', query.from, 'is not a real date', FIXES.from!);
  if (query.to !== undefined && !to)
    throw new ZoomInputError('to', query.to, 'is not a real date', FIXES.to!);
  // "to: Required only when the from parameter is specified" (List SMS reference).
  if (from && !to)
    throw new ZoomInputError(
      'to',
      query.to,
      'is missing but from is set',
      'pass to as well (Zoom requires both)',
    );
  if (to && !from)
    throw new ZoomInputError(
      'from',
      query.from,
      'is missing but to is set',
      'pass from as well, or neither for the last 24 hours',
    );
  if (from && to && upperInstant(to) < from.ms) {
    throw new ZoomInputError('to', query.to, `is before from (${query.from})`, 'swap from and to');
  }
}

/**
 * Validates a query; throws `ZoomInputError` before any request.
 *
 * @example
 * parseSmsQuery({ from: '2026-02-01', to: '2026-01-01' }); // ZoomInputError: to … is before from (2026-02-01); swap from and to
 */
export function parseSmsQuery(input: unknown): SmsQuery {
  const result = smsQuerySchema.safeParse(input);
  if (!result.success) throw toInputError(input, result.error.issues[0]!);
  checkDates(result.data);
  return result.data;
}

/**
 * Validates filters only (no range, no paging).
 *
 * @example
 * const filters = parseSmsFilters({ direction: 'inbound' }); // { direction: 'inbound' }
 * parseSmsFilters({ page_size: 10 }); // ZoomInputError: page_size: 10 is not a List SMS parameter; …
 */
export function parseSmsFilters(input: unknown): SmsFilters {
  const result = smsFiltersSchema.safeParse(input ?? {});
  if (!result.success) throw toInputError(input, result.error.issues[0]!);
  return result.data;
}

/**
 * Query string for one request. `country_iso_codes` goes as repeated keys (OpenAPI default form/explode).
 * Keys are written in a fixed order so every page of a cursor sends identical parameters (Zoom
 * pagination guide: other parameters must not change between pages).
 */
export function toSearchParams(query: SmsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.from !== undefined) params.set('from', query.from);
  if (query.to !== undefined) params.set('to', query.to);
  if (query.page_size !== undefined) params.set('page_size', String(query.page_size));
  for (const code of query.country_iso_codes ?? []) params.append('country_iso_codes', code);
  if (query.direction !== undefined) params.set('direction', query.direction);
  if (query.user_id !== undefined) params.set('user_id', query.user_id);
  if (query.engagement_id !== undefined) params.set('engagement_id', query.engagement_id);
  if (query.consumer_number !== undefined) params.set('consumer_number', query.consumer_number);
  if (query.next_page_token !== undefined && query.next_page_token !== '')
    params.set('next_page_token', query.next_page_token);
  return params;
}
