/**
 * Error responses in Zoom's shapes. Bodies and messages are from docs/zoom-api.md unless marked assumed.
 */
import type { Variants } from './variants.ts';

export interface ErrorResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Validation: HTTP 400, code 300 with per-field errors (Zoom error reference). */
export function invalidFields(errors: FieldError[]): ErrorResponse {
  return { status: 400, body: { code: 300, message: 'Invalid field.', errors } };
}

/** Zoom list APIs' answer to an expired or altered next_page_token (docs/zoom-api.md; exact text UNCONFIRMED). */
export const PAGE_TOKEN_INVALID: ErrorResponse = {
  status: 400,
  body: { code: 300, message: 'The next page token is invalid or expired.' },
};

/** Over-one-month range in the 'error' variant: code 300 naming the range (wording assumed). */
export function rangeOverMonth(from: string, to: string): ErrorResponse {
  return {
    status: 400,
    body: { code: 300, message: `The date range from ${from} to ${to} exceeds one month.` },
  };
}

/** 401 for a missing/invalid/expired token: documented code 124, or the 2024 Contact Center variant. */
export function unauthorized(variant: Variants['unauthorizedBody']): ErrorResponse {
  return variant === 'errorCode401'
    ? { status: 401, body: { status: false, errorCode: 401 } }
    : { status: 401, body: { code: 124, message: 'Invalid access token.' } };
}

/** The only documented 5xx (Zoom error reference: 500, code -1). */
export const INTERNAL_ERROR: ErrorResponse = { status: 500, body: { code: -1, message: 'Internal Error' } };

/** Unknown path (assumed shape). */
export const NOT_FOUND: ErrorResponse = { status: 404, body: { code: 404, message: 'Not Found' } };

/** Wrong method on a known path (assumed shape). */
export const METHOD_NOT_ALLOWED: ErrorResponse = {
  status: 405,
  body: { code: 405, message: 'Method Not Allowed' },
};

/**
 * Wrong account id in /accounts/{accountId}/…: HTTP 404 code 2001 as Zoom's Accounts API answers for an
 * unknown account (assumed for Contact Center).
 */
export function accountNotFound(accountId: string): ErrorResponse {
  return { status: 404, body: { code: 2001, message: `Account does not exist: ${accountId}.` } };
}

/**
 * The `message` of Zoom's 429 for the per-second limit (how clients tell it from the daily one).
 *
 * @example
 * if (body.message === PER_SECOND_MESSAGE) await sleep(1_000);
 */
export const PER_SECOND_MESSAGE =
  'You have reached the maximum per-second rate limit for this API. Try again later.';
/**
 * The `message` of Zoom's 429 for the daily limit.
 *
 * @example
 * expect(body.message).toBe(DAILY_MESSAGE);
 */
export const DAILY_MESSAGE =
  'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.';

/** OAuth errors use `{reason, error}` (Zoom S2S OAuth docs). */
export const INVALID_CLIENT: ErrorResponse = {
  status: 400,
  body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' },
};
export const UNSUPPORTED_GRANT: ErrorResponse = {
  status: 400,
  body: { reason: 'unsupported grant type', error: 'unsupported_grant_type' },
};
/** Missing or wrong account_id (wording assumed). */
export const INVALID_ACCOUNT: ErrorResponse = {
  status: 400,
  body: { reason: 'Invalid account_id', error: 'invalid_request' },
};

/**
 * List SMS needs `contact_center_sms:read:admin` or the granular `contact_center:read:sms_log:admin` (API
 * reference; docs/zoom-api.md). A token without either is refused with code 4700; the HTTP status (400)
 * and the wording are assumed (forum reports).
 */
export const SMS_READ_SCOPES = ['contact_center_sms:read:admin', 'contact_center:read:sms_log:admin'];
export const MISSING_SCOPES: ErrorResponse = {
  status: 400,
  body: { code: 4700, message: `Invalid access token, does not contain scopes:[${SMS_READ_SCOPES[0]}].` },
};

/** What proxies in front of Zoom answer: nginx-style HTML, not JSON. */
export function proxyHtml(status: 502 | 503 | 504): string {
  const title = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' }[
    status
  ];
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
