/**
 * The one request path: rate budget → access token → transport → classify → retry. This is the only retry
 * layer in the stack; the transport never retries and callers above (pagination, Temporal) do not retry
 * HTTP failures again.
 */
import type { TokenProvider } from './auth.ts';
import { errorFromResponse } from './error-factory.ts';
import { ZoomAuthError, ZoomDailyQuotaError, ZoomError, ZoomRateLimitError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { RateBudget } from './rate-budget.ts';
import { isAbsurdWait, saneRetryAfter } from './rate-limit-policy.ts';
import { type RetryOptions, retryDelay, shouldRetry } from './retry-policy.ts';
import type { Clock, Sleep, Transport, TransportResponse } from './transport.ts';

/** Distinct access tokens one request may try before a 401 is final. */
export const MAX_TOKENS_PER_REQUEST = 8;

export interface RequestStats {
  requests: number;
  retries: number;
  throttled: number;
  tokenRefreshes: number;
  pageTokenRestarts: number;
  /** Smoothed round-trip time of successful requests (ms), excluding time spent waiting for the budget. */
  latencyMs: number;
}

export interface RequestContext {
  readonly baseUrl: string;
  readonly transport: Transport;
  readonly tokens: TokenProvider;
  readonly budget: RateBudget;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly logger: Logger;
  readonly retry: RetryOptions;
  /** Per-second 429s tolerated per request before giving up (they are paced, not failures). */
  readonly maxRateLimitRetries: number;
  readonly stats: RequestStats;
  /** Warnings already given by this client (each is said once, not per request). */
  readonly warned: Set<string>;
}

/** Zoom's `Retry-After`, clamped to a sane wait; says once per client when it had to clamp. */
function waitAsked(ctx: RequestContext, failure: ZoomError): number | undefined {
  const asked = failure.retryAfterMs;
  if (isAbsurdWait(asked) && !ctx.warned.has('retry-after')) {
    ctx.warned.add('retry-after');
    ctx.logger.warn(
      'Zoom asked to wait more than 25 hours (Retry-After); waiting for the next 00:00 UTC reset instead',
      { retryAfterMs: asked, status: failure.status, trackingId: failure.trackingId },
    );
  }
  return saneRetryAfter(asked, ctx.clock.now());
}

export function createStats(): RequestStats {
  return { requests: 0, retries: 0, throttled: 0, tokenRefreshes: 0, pageTokenRestarts: 0, latencyMs: 0 };
}

/**
 * GETs `path` with `params` and hands the 2xx response to `parse`; a retryable error thrown by `parse`
 * (a truncated body) is retried like a network fault.
 */
export async function getWithRetries<T>(
  ctx: RequestContext,
  path: string,
  params: URLSearchParams,
  parse: (res: TransportResponse, url: string) => T,
  signal?: AbortSignal,
): Promise<T> {
  const url = `${ctx.baseUrl.replace(/\/+$/, '')}${path}`;
  const query = params.toString();
  const fullUrl = query ? `${url}?${query}` : url;
  let attempt = 0;
  let throttledHere = 0;
  // Each distinct token gets one refresh-and-replay. A fresh token rejected too earns another (under
  // concurrency, other requests may use a token up before our replay, and older Zoom behaviour revoked a
  // token when a newer one was issued), up to MAX_TOKENS_PER_REQUEST; the same token twice ends it.
  const rejectedTokens = new Set<string>();

  for (;;) {
    await ctx.budget.acquire(signal);
    // Token failures go through the same retry decision as the request: a network fault or 5xx at the
    // token endpoint is retried; rejected credentials (ZoomCredentialsError) are not.
    let token: string | undefined;
    let failure: ZoomError;
    try {
      token = await ctx.tokens.getToken({ signal });
      ctx.stats.requests += 1;
      const sentAt = ctx.clock.now();
      const res = await ctx.transport({
        method: 'GET',
        url: fullUrl,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal,
      });
      if (res.status >= 200 && res.status < 300) {
        const value = parse(res, url);
        const rtt = ctx.clock.now() - sentAt;
        ctx.stats.latencyMs = ctx.stats.latencyMs === 0 ? rtt : ctx.stats.latencyMs * 0.8 + rtt * 0.2;
        ctx.budget.onSuccess();
        return value;
      }
      failure = errorFromResponse({ ...res, url }, ctx.clock.now());
    } catch (error) {
      if (!(error instanceof ZoomError)) throw error;
      failure = error;
    }

    // Any 401 (code 124 or the `{"status":false,"errorCode":401}` variant): refresh once, replay once.
    if (
      failure instanceof ZoomAuthError &&
      token !== undefined &&
      !rejectedTokens.has(token) &&
      rejectedTokens.size < MAX_TOKENS_PER_REQUEST
    ) {
      rejectedTokens.add(token);
      ctx.stats.tokenRefreshes += 1;
      ctx.logger.debug('access token rejected; refreshing once and replaying', {
        trackingId: failure.trackingId,
      });
      await ctx.tokens.getToken({ force: true, rejected: token, signal });
      continue;
    }
    if (failure instanceof ZoomDailyQuotaError) {
      waitAsked(ctx, failure); // resetAt is already clamped (dailyResetAt); this only warns
      ctx.budget.onDailyExhausted(failure.resetAt);
      if (ctx.budget.waitsForDailyReset) continue; // acquire() sleeps until the reset
      throw failure;
    }
    if (failure instanceof ZoomRateLimitError) {
      ctx.stats.throttled += 1;
      ctx.budget.onThrottled();
      throttledHere += 1;
      if (throttledHere <= ctx.maxRateLimitRetries) {
        const delay = retryDelay(Math.min(throttledHere, 4), ctx.retry, ctx.random, waitAsked(ctx, failure));
        ctx.logger.debug('per-second rate limit; slowing down', {
          delayMs: delay,
          trackingId: failure.trackingId,
        });
        await ctx.sleep(delay, signal);
        continue;
      }
      throw failure;
    }
    attempt += 1;
    if (!shouldRetry(failure, attempt, ctx.retry)) throw failure;
    ctx.stats.retries += 1;
    const delay = retryDelay(attempt, ctx.retry, ctx.random, waitAsked(ctx, failure));
    ctx.logger.debug('retrying after a transient failure', {
      error: failure.name,
      status: failure.status,
      attempt,
      delayMs: delay,
      trackingId: failure.trackingId,
    });
    await ctx.sleep(delay, signal);
  }
}
