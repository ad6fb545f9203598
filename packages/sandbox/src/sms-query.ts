/**
 * Validation and normalisation of List SMS query parameters (seed spec + docs/zoom-api.md). Pure: the caller
 * passes the variants and the sandbox time.
 */
import { isIsoCountryCode } from './countries.ts';
import type { ParsedDate } from './dates.ts';
import { addMonthsSec, formatIsoSec, parseOffset, parseZoomDate, startOfDaySec } from './dates.ts';
import type { Variants } from './variants.ts';
import type { ErrorResponse, FieldError } from './zoom-errors.ts';
import { invalidFields, rangeOverMonth } from './zoom-errors.ts';

export interface QueryParams {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export interface SmsQuery {
  /** Effective filter window on the bound field, inclusive on both ends, epoch seconds. */
  lowSec: number;
  highSec: number;
  /** The `from`/`to` echoed in the response (after a silent cut). */
  fromSec: number;
  toSec: number;
  pageSize: number;
  countries: string[] | null;
  direction: 'inbound' | 'outbound' | null;
  userId: string | null;
  engagementId: string | null;
  consumerNumber: string | null;
  pageToken: string | null;
  /** Everything a page token is bound to (Zoom pagination guide: other parameters must stay identical). */
  fingerprint: string;
}

export type SmsQueryResult = { ok: true; query: SmsQuery } | { ok: false; error: ErrorResponse };

export interface ParseOptions {
  /** Ground truth: no page size, no one-month limit. */
  unlimited?: boolean;
}

const DAY = 86_400;
const DATE_FORMAT_MESSAGE = "Invalid date format. Use yyyy-mm-dd or yyyy-MM-dd'T'HH:mm:ss'Z'.";

function param(params: QueryParams, name: string): string | null {
  const value = params.get(name);
  return value === null || value === '' ? null : value; // empty parameters are ignored (assumed)
}

interface Bound {
  sec: number;
  offsetMin: number;
  dateOnly: boolean;
}

function resolve(parsed: ParsedDate, dateOffset: number, endOfDay: boolean): Bound {
  if (parsed.kind === 'datetime')
    return { sec: parsed.epochSec, offsetMin: parsed.offsetMin, dateOnly: false };
  const start = startOfDaySec(parsed.year, parsed.month, parsed.day, dateOffset);
  // A date-only `to` means the end of that day, 23:59:59 (brief; Zoom UNCONFIRMED).
  return { sec: endOfDay ? start + DAY - 1 : start, offsetMin: dateOffset, dateOnly: true };
}

function parseBound(
  params: QueryParams,
  name: 'from' | 'to',
  dateOffset: number,
  errors: FieldError[],
): Bound | null {
  const raw = param(params, name);
  if (raw === null) return null;
  const parsed = parseZoomDate(raw);
  if (!parsed.ok) {
    errors.push({
      field: name,
      message: parsed.reason === 'format' ? DATE_FORMAT_MESSAGE : `Invalid date: ${raw}.`,
    });
    return null;
  }
  return resolve(parsed.value, dateOffset, name === 'to');
}

function parsePageSize(params: QueryParams, variants: Variants, errors: FieldError[]): number {
  const raw = param(params, 'page_size');
  if (raw === null) return 10; // default 10 (OpenAPI)
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    errors.push({ field: 'page_size', message: 'must be an integer greater than or equal to 1' });
    return 10;
  }
  const size = Number(raw);
  if (size <= 100) return size;
  if (variants.pageSizeOver100 === 'clamp') return 100;
  errors.push({ field: 'page_size', message: 'must be less than or equal to 100' });
  return 100;
}

function parseCountries(params: QueryParams, errors: FieldError[]): string[] | null {
  // Repeated keys (OpenAPI form/explode) and comma-joined values are both accepted.
  const codes = params
    .getAll('country_iso_codes')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toUpperCase())
    .filter((v) => v !== '');
  if (codes.length === 0) return null;
  for (const code of codes) {
    if (!isIsoCountryCode(code))
      errors.push({ field: 'country_iso_codes', message: `Invalid country code: ${code}.` });
  }
  return [...new Set(codes)].sort();
}

export function parseSmsQuery(
  params: QueryParams,
  variants: Variants,
  nowMs: number,
  options: ParseOptions = {},
): SmsQueryResult {
  const errors: FieldError[] = [];
  const dateOffset = variants.dateOnlyBounds === 'account' ? (parseOffset(variants.accountTimezone) ?? 0) : 0;
  const from = parseBound(params, 'from', dateOffset, errors);
  const to = parseBound(params, 'to', dateOffset, errors);
  const fromRaw = param(params, 'from');
  const toRaw = param(params, 'to');
  if (fromRaw !== null && toRaw === null) {
    errors.push({ field: 'to', message: 'to is required when from is specified.' });
  }
  const pageSize = options.unlimited ? 0 : parsePageSize(params, variants, errors);
  const countries = parseCountries(params, errors);
  const directionRaw = param(params, 'direction');
  if (directionRaw !== null && directionRaw !== 'inbound' && directionRaw !== 'outbound') {
    errors.push({ field: 'direction', message: 'must be one of [inbound, outbound]' });
  }
  if (from && to && to.sec < from.sec) {
    errors.push({ field: 'to', message: 'to must not be earlier than from.' });
  }
  if (errors.length > 0) return { ok: false, error: invalidFields(errors) };

  // Without `from`: the last 24 hours (seed spec). A lone `to` ends that 24 h window (assumed).
  const toSec = to ? to.sec : Math.floor(nowMs / 1000);
  const fromSec = from ? from.sec : toSec - DAY;
  let effectiveTo = toSec;
  if (from && !options.unlimited) {
    // At most one calendar month: to ≤ from + 1 month (seed spec "should be a month"; exact rule assumed).
    const limit = addMonthsSec(from.sec, 1, from.offsetMin);
    if (toSec > limit) {
      if (variants.overMonth === 'error') {
        return { ok: false, error: rangeOverMonth(formatIsoSec(fromSec), formatIsoSec(toSec)) };
      }
      effectiveTo = limit;
    }
  }
  const direction = directionRaw as SmsQuery['direction'];
  const userId = param(params, 'user_id');
  const engagementId = param(params, 'engagement_id');
  const consumerNumber = param(params, 'consumer_number');
  const fingerprint = JSON.stringify([
    fromRaw,
    toRaw,
    pageSize,
    countries,
    direction,
    userId,
    engagementId,
    consumerNumber,
    variants.boundField,
  ]);
  return {
    ok: true,
    query: {
      lowSec: fromSec,
      highSec: variants.toInclusive ? effectiveTo : effectiveTo - 1,
      fromSec,
      toSec: effectiveTo,
      pageSize,
      countries,
      direction,
      userId,
      engagementId,
      consumerNumber,
      pageToken: param(params, 'next_page_token'),
      fingerprint,
    },
  };
}

/** Turns a plain object (as tests write queries) into QueryParams. */
export function toQueryParams(query: Record<string, unknown> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  return params;
}
