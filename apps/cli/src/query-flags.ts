/**
 * The List SMS filters as flags, shared by `export`, `backfill` and `schedule`, and their translation to the
 * core's query (validated by the core: bad values raise `ZoomInputError`, shown with the flag's name).
 */
import { parseSmsQuery, type SmsQuery } from '@zcc-sms/core';
import { type FlagTable, type FlagValues, listFlag, stringFlag } from './command.ts';

export const FILTER_FLAGS: FlagTable = {
  from: {
    type: 'string',
    value: 'DATE',
    description: 'Start: yyyy-mm-dd or ISO 8601 (e.g. 2026-01-01T00:00:00Z)',
    group: 'Filters',
  },
  to: {
    type: 'string',
    value: 'DATE',
    description: 'End: yyyy-mm-dd (whole day) or ISO 8601',
    group: 'Filters',
  },
  direction: { type: 'string', value: 'DIR', description: 'inbound or outbound', group: 'Filters' },
  country: {
    type: 'string',
    multiple: true,
    value: 'CC',
    description: 'ISO 3166 country code, e.g. US',
    group: 'Filters',
  },
  'user-id': {
    type: 'string',
    value: 'ID',
    description: "Only this agent's engagements (Zoom user ID)",
    group: 'Filters',
  },
  'engagement-id': { type: 'string', value: 'ID', description: 'Only this engagement', group: 'Filters' },
  'consumer-number': {
    type: 'string',
    value: 'PHONE',
    description: 'Only this consumer number, e.g. +14155550123',
    group: 'Filters',
  },
};

/** Builds and validates the query; throws the core's `ZoomInputError` (exit 2) before any request. */
export function queryFromFlags(flags: FlagValues): SmsQuery {
  const countries = listFlag(flags, 'country')
    .flatMap((c) => c.split(','))
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  const query: Record<string, unknown> = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) query[key] = value;
  };
  set('from', stringFlag(flags, 'from'));
  set('to', stringFlag(flags, 'to'));
  set('direction', stringFlag(flags, 'direction')?.toLowerCase());
  if (countries.length > 0) query.country_iso_codes = countries;
  set('user_id', stringFlag(flags, 'user-id'));
  set('engagement_id', stringFlag(flags, 'engagement-id'));
  set('consumer_number', stringFlag(flags, 'consumer-number'));
  return parseSmsQuery(query);
}
