/**
 * The one request path, composed from stages (request-stage.ts): retry → auth → budget → send → classify
 * → wire. retryStage is the only retry layer in the stack; the transport never retries and callers above
 * (pagination, Temporal) do not retry HTTP failures again.
 */
import type { TokenProvider } from './auth.ts';
import { authStage } from './auth-stage.ts';
import { budgetStage } from './budget-stage.ts';
import { classifyStage, type ParseAnswer } from './classify-stage.ts';
import type { Logger } from './logger.ts';
import type { RateBudget } from './rate-budget.ts';
import { compose } from './request-stage.ts';
import type { RetryOptions } from './retry-policy.ts';
import { retryStage } from './retry-stage.ts';
import { sendStage, wire } from './send-stage.ts';
import type { Clock, Sleep, Transport } from './transport.ts';

export interface RequestStats {
  requests: number;
  retries: number;
  throttled: number;
  tokenRefreshes: number;
  pageTokenRestarts: number;
  /** Cursors that took part of another cursor's range (`steal: true`). */
  steals: number;
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

export function createStats(): RequestStats {
  return {
    requests: 0,
    retries: 0,
    throttled: 0,
    tokenRefreshes: 0,
    pageTokenRestarts: 0,
    steals: 0,
    latencyMs: 0,
  };
}

/**
 * GETs `path` with `params` and hands the 2xx response to `parse`; a retryable error thrown by `parse`
 * (a truncated body) is retried like a network fault.
 */
export function getWithRetries<T>(
  ctx: RequestContext,
  path: string,
  params: URLSearchParams,
  parse: ParseAnswer<T>,
  signal?: AbortSignal,
): Promise<T> {
  const url = `${ctx.baseUrl.replace(/\/+$/, '')}${path}`;
  const query = params.toString();
  // Composed per request: authStage remembers this request's rejected tokens across its retries.
  const send = compose(
    [retryStage(ctx), authStage(ctx), budgetStage(ctx.budget), sendStage(ctx)],
    classifyStage(parse, ctx.clock)(wire(ctx.transport)),
  );
  return send({
    url,
    target: query ? `${url}?${query}` : url,
    headers: { accept: 'application/json' },
    signal,
  });
}
