/**
 * Which URLs the client may send credentials to. The token endpoint receives the client secret as Basic
 * credentials and the API the bearer token, so plain `http:` is refused unless the host is this machine
 * (the sandbox listens on 127.0.0.1): a `.env` pointing `ZOOM_OAUTH_TOKEN_URL` at an http proxy would
 * otherwise send the secret in clear (issue #10).
 */
import { ZoomInputError } from './errors.ts';

/** `localhost`, `127.0.0.0/8` and `::1`: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/**
 * Returns `value` when it is an https URL, or an http URL on a loopback host; else throws `ZoomInputError`
 * naming `field`.
 */
export function checkEndpointUrl(field: string, value: string, example: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ZoomInputError(field, value, 'is not a URL', `use a URL such as ${example}`);
  }
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return value;
    throw new ZoomInputError(
      field,
      value,
      'is plain http to another machine, which would send credentials unencrypted',
      `use https (for example ${example}); plain http is accepted only for localhost`,
    );
  }
  throw new ZoomInputError(field, value, 'is not an http(s) URL', `use a URL such as ${example}`);
}

/**
 * Zoom account ids are opaque URL-safe strings (22 base64url characters in every id Zoom shows, e.g.
 * `GSJrrbl7TRe5Q0yB7bVsqw`); the length bound is ours. Anything else is a typo or a pasted URL, refused
 * before a request rather than answered by Zoom with a 404.
 */
const ACCOUNT_ID = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * Validates an account id for the master-account twin (the client's `accountId` option); `undefined`
 * stays `undefined`, surrounding spaces are trimmed. Throws `ZoomInputError` naming `field`.
 *
 * @example
 * checkAccountId('accountId', ' GSJrrbl7TRe5Q0yB7bVsqw '); // 'GSJrrbl7TRe5Q0yB7bVsqw'
 * checkAccountId('--account-id', 'https://zoom.us/account'); // ZoomInputError: --account-id: … is not a Zoom account id; use …
 */
export function checkAccountId(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : value;
  if (typeof text !== 'string' || !ACCOUNT_ID.test(text))
    throw new ZoomInputError(
      field,
      value,
      'is not a Zoom account id',
      "use the sub-account's id from Zoom's account list (letters, digits, - and _, e.g. GSJrrbl7TRe5Q0yB7bVsqw), or leave it empty for your own account",
    );
  return text;
}

/**
 * The API base under which `/contact_center/sms` is requested: `baseUrl` itself, or the master-account
 * twin `…/accounts/{accountId}` (Zoom changelog 2023-05-30: `GET /accounts/{accountId}/contact_center/sms`,
 * same parameters and schema). The id is URL-encoded even though `checkAccountId` admits only unreserved
 * characters: the path must never be steerable by an id.
 */
export function accountBaseUrl(baseUrl: string, accountId: string | undefined): string {
  if (accountId === undefined) return baseUrl;
  return `${baseUrl.replace(/\/+$/, '')}/accounts/${encodeURIComponent(accountId)}`;
}
