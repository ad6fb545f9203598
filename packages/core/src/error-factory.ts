/**
 * Builds the typed error for a non-2xx response (one factory; stripe-node `Error.ts` pattern).
 */

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
  // HTML from a proxy (502/503/504): keep the <title> or the first words, never the whole page.
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function errorFromResponse(res: ErrorResponse, now: number): ZoomError {
  const parsed = parseErrorBody(res.body);
  const trackingId = res.headers['x-zm-trackingid'];
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now);
  const code = parsed.code ?? parsed.errorCode ?? parsed.error;
  const message = parsed.message ?? parsed.reason ?? (summary(res.body) || `HTTP ${res.status}`);
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
