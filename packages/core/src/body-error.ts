/**
 * A 2xx body that is not a page. Zoom's gateways have answered 200 with an error object
 * (`{"code":124,"message":"Invalid access token."}`) and proxies with `{}`; read as a page, either would be
 * an empty last page and the export would end "successfully" short of records (issue #10). So a 2xx body
 * without `sms` is an error: the Zoom error it names where that is actionable, else a retryable
 * `ZoomResponseError` (retried like a truncated body, within the same retry budget).
 *
 * Nothing from the body is copied into the error but a sanitised `code`: bodies carry phone numbers and,
 * from misbehaving proxies, tokens (see `describeParseFailure` in response.ts for the same rule on JSON).
 */
import {
  ZoomAuthError,
  type ZoomError,
  ZoomPageTokenError,
  ZoomPermissionError,
  ZoomResponseError,
} from './errors.ts';

export interface BodyContext {
  readonly trackingId?: string | undefined;
  readonly url?: string | undefined;
}

/**
 * A Zoom error `code` safe to print: an integer (or its digits), or a short lower-case word
 * (`invalid_token`); anything else, which could be a fragment of a token, is dropped.
 */
export function safeCode(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^(-?\d{1,9}|[a-z_]{1,24})$/.test(value)) {
    return /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return undefined;
}

function tracking(context: BodyContext): string {
  return context.trackingId ? ` [tracking id ${context.trackingId}]` : '';
}

/**
 * The error for a 2xx JSON object that lacks `sms`. `code` 124 (invalid access token, the documented 401
 * body) becomes `ZoomAuthError` so the request path refreshes the token and replays; 4700 (missing scopes)
 * `ZoomPermissionError`, which no retry fixes; 300 naming the page token `ZoomPageTokenError` (the window
 * restarts). Every other shape is retryable.
 */
export function errorForPagelessBody(json: Record<string, unknown>, context: BodyContext): ZoomError {
  const code = safeCode(json.code ?? json.errorCode);
  const init = { status: 200, code, trackingId: context.trackingId, url: context.url };
  const what =
    code === undefined
      ? `an object without "sms" (${Object.keys(json).length} fields)`
      : `an error object (code ${code})`;
  const text = `Zoom answered HTTP 200 with ${what} instead of a List SMS page${tracking(context)}`;
  if (code === 124 || code === 401) return new ZoomAuthError(text, init);
  if (code === 4700) return new ZoomPermissionError(text, init);
  const message = typeof json.message === 'string' ? json.message : '';
  if (code === 300 && /next[_ ]?page[_ ]?token|page token/i.test(message)) {
    return new ZoomPageTokenError(text, init);
  }
  return new ZoomResponseError(text, { ...init, truncated: true });
}
