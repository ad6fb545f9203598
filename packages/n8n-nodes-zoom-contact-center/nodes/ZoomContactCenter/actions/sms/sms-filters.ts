/**
 * The endpoint's filters as n8n parameters (shared by Get Many and the trigger), and their mapping to the
 * core's query model. Validation is the core's (`parseSmsQuery`): bad input fails before any request with
 * an error naming the field, the value and the fix.
 */
import {
  checkAccountId,
  checkPageSize,
  isRatePlanName,
  type RatePlanName,
  type SmsFilters,
  ZoomInputError,
} from '@zcc-sms/core';
import type { INodeProperties } from 'n8n-workflow';
import { COUNTRY_OPTIONS } from './countries.ts';

/** The "Filters" collection as n8n hands it over. */
export interface SmsFilterParameters {
  direction?: string;
  countryIsoCodes?: string[];
  userId?: string;
  engagementId?: string;
  consumerNumber?: string;
}

export const filterFields: INodeProperties[] = [
  {
    displayName: 'Agent User ID',
    name: 'userId',
    type: 'string',
    default: '',
    description: "Only engagements handled by this agent (the agent's Zoom user ID)",
  },
  {
    displayName: 'Consumer Number',
    name: 'consumerNumber',
    type: 'string',
    default: '',
    placeholder: '+14155550123',
    description: "Only engagements with this consumer's phone number",
  },
  {
    displayName: 'Country Names or IDs',
    name: 'countryIsoCodes',
    type: 'multiOptions',
    options: COUNTRY_OPTIONS,
    default: [],
    description: 'Only engagements with consumers in these countries (ISO 3166 codes)',
  },
  {
    displayName: 'Direction',
    name: 'direction',
    type: 'options',
    options: [
      { name: 'Inbound', value: 'inbound' },
      { name: 'Outbound', value: 'outbound' },
    ],
    default: 'inbound',
    description: 'Only inbound (consumer-initiated) or only outbound engagements',
  },
  {
    displayName: 'Engagement ID',
    name: 'engagementId',
    type: 'string',
    default: '',
    description: 'Only this engagement',
  },
];

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * n8n filter parameters → the core's filters (empty ones omitted, so Zoom applies no filter).
 *
 * @example
 * toSmsFilters({ direction: 'inbound', countryIsoCodes: ['US'] }); // { direction: 'inbound', country_iso_codes: ['US'] }
 */
export function toSmsFilters(filters: SmsFilterParameters): SmsFilters {
  const out: Record<string, unknown> = {};
  if (filters.direction !== undefined && filters.direction !== '') out.direction = filters.direction;
  const codes = (filters.countryIsoCodes ?? [])
    .map((c) => String(c).trim().toUpperCase())
    .filter((c) => c !== '');
  if (codes.length > 0) out.country_iso_codes = [...new Set(codes)];
  const userId = text(filters.userId);
  if (userId !== undefined) out.user_id = userId;
  const engagementId = text(filters.engagementId);
  if (engagementId !== undefined) out.engagement_id = engagementId;
  const consumerNumber = text(filters.consumerNumber);
  if (consumerNumber !== undefined) out.consumer_number = consumerNumber;
  return out as SmsFilters;
}

/** The account plan option: List SMS is a HEAVY API (Pro 5/s + 15,000/day, Business+ 10/s + 30,000/day). */
export const planOption: INodeProperties = {
  displayName: 'Zoom Plan',
  name: 'plan',
  type: 'options',
  options: [
    { name: 'Pro (5 Requests/s, 15,000/day)', value: 'pro' },
    { name: 'Business or Higher (10 Requests/s, 30,000/day)', value: 'business' },
  ],
  default: 'pro',
  description:
    "The account's plan, which sets Zoom's rate limit for this API; requests are paced to stay under it",
};

export function toRatePlan(value: unknown): RatePlanName {
  if (value === undefined || value === '') return 'pro';
  if (isRatePlanName(value)) return value;
  throw new ZoomInputError('plan', value, 'is not a Zoom plan', 'use pro or business');
}

export function toPageSize(value: unknown, fallback: number): number {
  const size = value === undefined || value === '' ? fallback : Number(value);
  // A value that is not a number at all is named as the user typed it.
  return checkPageSize('pageSize', Number.isNaN(size) ? value : size);
}

/**
 * Account ID: a master account reads a sub-account through `GET /accounts/{accountId}/contact_center/sms`
 * (Zoom changelog 2023-05-30). Empty: the credential's own account.
 */
export const accountIdOption: INodeProperties = {
  displayName: 'Account ID',
  name: 'accountId',
  type: 'string',
  default: '',
  placeholder: 'e.g. GSJrrbl7TRe5Q0yB7bVsqw',
  description:
    "A sub-account to read with a master account's credential (Zoom's master-account API). Leave empty for the credential's own account.",
};

/** The Account ID option, validated; empty means the credential's own account. */
export function toAccountId(value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  return checkAccountId('accountId', value);
}
