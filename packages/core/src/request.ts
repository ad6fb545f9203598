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
import { type ObservedRequest, observeRequest, type RequestObserver } from './request-observer.ts';
import { compose, type Stage } from './request-stage.ts';
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
  /** Told about every attempt on the wire (request-observer.ts); none by default. */
  readonly observer?: RequestObserver | undefined;
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
 * (a truncated body) is retried like a network fault. `observed` tells the observer, if any, what the
 * request is about (its window, page size, and how to count the records of an answer).
 */
export function getWithRetries<T>(
  ctx: RequestContext,
  path: string,
  params: URLSearchParams,
  parse: ParseAnswer<T>,
  signal?: AbortSignal,
  observed: ObservedRequest<T> = {},
): Promise<T> {
  const url = `${ctx.baseUrl.replace(/\/+$/, '')}${path}`;
  const query = params.toString();
  // Composed per request: authStage remembers this request's rejected tokens across its retries.
  const observation = ctx.observer && observeRequest(ctx.observer, ctx.clock, observed);
  const stages: Stage[] = [retryStage(ctx), authStage(ctx), budgetStage(ctx.budget), sendStage(ctx)];
  if (observation) stages.push(observation.stage);
  const onWire = wire(ctx.transport);
  const send = compose(
    stages,
    classifyStage(parse, ctx.clock)(observation ? observation.tap(onWire) : onWire),
  );
  return send({
    url,
    target: query ? `${url}?${query}` : url,
    headers: { accept: 'application/json' },
    signal,
  });
}
