/**
 * The core names fields as the API or the client options do (`to`, `country_iso_codes`, `clientSecret`,
 * `ZOOM_CLIENT_ID`); a CLI user knows flags. This maps one to the other for error messages.
 */
const FLAGS: Readonly<Record<string, string>> = {
  from: '--from',
  to: '--to',
  direction: '--direction',
  country_iso_codes: '--country',
  user_id: '--user-id',
  engagement_id: '--engagement-id',
  consumer_number: '--consumer-number',
  page_size: '--page-size',
  pageSize: '--page-size',
  concurrency: '--concurrency',
  accountId: 'ZOOM_ACCOUNT_ID (or --account-id)',
  clientId: 'ZOOM_CLIENT_ID (or --client-id)',
  clientSecret: 'ZOOM_CLIENT_SECRET (or --client-secret)',
  ZOOM_ACCOUNT_ID: 'ZOOM_ACCOUNT_ID (or --account-id)',
  ZOOM_CLIENT_ID: 'ZOOM_CLIENT_ID (or --client-id)',
  ZOOM_CLIENT_SECRET: 'ZOOM_CLIENT_SECRET (or --client-secret)',
  ZOOM_API_BASE_URL: 'ZOOM_API_BASE_URL (or --api-base-url)',
  ZOOM_OAUTH_TOKEN_URL: 'ZOOM_OAUTH_TOKEN_URL (or --token-url)',
};

/** `to` → `--to`; unknown fields are returned as they are. */
export function flagForField(field: string): string {
  return FLAGS[field] ?? field;
}
