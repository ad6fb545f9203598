/**
 * Builds the typed error for a non-2xx response (one factory; stripe-node `Error.ts` pattern).
 */

import { safeCode } from './body-error.ts';
import {
  ZoomAuthError,
  ZoomBadRequestError,
  ZoomDailyQuotaError,
  type ZoomError,
  ZoomNotFoundError,
  ZoomPageTokenError,
  ZoomPermissionError,
  ZoomRateLimitError,
  ZoomServerError,
} from './errors.ts';
import { classify429, dailyResetAt, parseRetryAfter } from './rate-limit-policy.ts';

export interface ErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  readonly url?: string | undefined;
}

interface ZoomErrorBody {
  code?: number | string;
  message?: string;
  errors?: Array<{ field?: string; message?: string }>;
  errorCode?: number;
  reason?: string;
  error?: string;
}

export function parseErrorBody(body: string): ZoomErrorBody {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' ? (parsed as ZoomErrorBody) : {};
  } catch {
    return {};
  }
}

/** A 400 about the page token: detected by status plus a message naming the token, not exact text. */
export function isPageTokenProblem(status: number, message: string | undefined): boolean {
  return status === 400 && /next[_ ]?page[_ ]?token|page token/i.test(message ?? '');
}

function summary(body: string): string {
  // HTML from a proxy (502/503/504): its <title> names the failure; the rest of a page, or any other
  // non-JSON body, may hold anything (a token, a phone number), so only its size is said.
  const title = /<title>([^<]{1,120})<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();
  if (title) return title;
  return body.trim() === '' ? '' : `a ${body.length}-byte body that is not a Zoom error object`;
}

export function errorFromResponse(res: ErrorResponse, now: number): ZoomError {
  const parsed = parseErrorBody(res.body);
  const trackingId = res.headers['x-zm-trackingid'];
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now);
  const code = safeCode(parsed.code ?? parsed.errorCode ?? parsed.error);
  // Zoom's own explanation is kept (support needs it), short; ZoomError masks phones and tokens in it.
  const said = [parsed.message, parsed.reason].find((m) => typeof m === 'string' && m.trim() !== '');
  const message =
    said !== undefined
      ? said.length > 200
        ? `${said.slice(0, 197)}...`
        : said
      : summary(res.body) || `HTTP ${res.status}`;
  const init = { status: res.status, code, trackingId, retryAfterMs, url: res.url };
  const where = `Zoom answered HTTP ${res.status}${code !== undefined ? ` (code ${code})` : ''}`;
  const text = `${where}: ${message}${trackingId ? ` [tracking id ${trackingId}]` : ''}`;

  if (res.status === 429) {
    if (classify429({ headers: res.headers, message }) === 'daily') {
      return new ZoomDailyQuotaError(text, { ...init, resetAt: dailyResetAt(retryAfterMs, now) });
    }
    return new ZoomRateLimitError(text, init);
  }
  if (res.status === 401) return new ZoomAuthError(text, init);
  if (res.status === 403 || code === 4700 || code === '4700') return new ZoomPermissionError(text, init);
  if (res.status === 404) return new ZoomNotFoundError(text, init);
  if (res.status >= 500) return new ZoomServerError(text, init);
  if (isPageTokenProblem(res.status, message))
    return new ZoomPageTokenError(text, { ...init, errors: parsed.errors });
  return new ZoomBadRequestError(text, { ...init, errors: parsed.errors });
}
