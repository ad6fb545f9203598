/**
 * The one retry decision of the stack (docs/architecture.md: no other layer retries HTTP failures). What
 * failed decides what happens next, with the pure policies of retry-policy.ts and rate-limit-policy.ts:
 *
 * - a daily quota (Zoom's 429, or one from the token endpoint): go on only when the budget waits for the
 *   reset (its `acquire` sleeps until then; budgetStage has told it when), else stop with the error;
 * - a per-second 429: paced, not a failure — wait as asked (clamped) or back off, up to
 *   `maxRateLimitRetries` of them per request;
 * - anything else: `shouldRetry` (retryable and attempts left) with `retryDelay`'s full jitter, at least
 *   the `Retry-After` Zoom asked for.
 *
 * Errors that are not `ZoomError`s are bugs, not answers: passed on untouched.
 */
import { ZoomDailyQuotaError, ZoomError, ZoomRateLimitError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { RateBudget } from './rate-budget.ts';
import { isAbsurdWait, saneRetryAfter } from './rate-limit-policy.ts';
import type { Stage } from './request-stage.ts';
import { type RetryOptions, retryDelay, shouldRetry } from './retry-policy.ts';
import type { Clock, Sleep } from './transport.ts';

export interface RetryStageDeps {
  readonly budget: Pick<RateBudget, 'waitsForDailyReset'>;
  readonly retry: RetryOptions;
  /** Per-second 429s tolerated per request before giving up (they are paced, not failures). */
  readonly maxRateLimitRetries: number;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly logger: Logger;
  /** Warnings already given by this client (each is said once, not per request). */
  readonly warned: Set<string>;
  readonly stats: { retries: number; throttled: number };
}

/** Zoom's `Retry-After`, clamped to a sane wait; says once per client when it had to clamp. */
function waitAsked(deps: RetryStageDeps, failure: ZoomError): number | undefined {
  const asked = failure.retryAfterMs;
  if (isAbsurdWait(asked) && !deps.warned.has('retry-after')) {
    deps.warned.add('retry-after');
    deps.logger.warn(
      'Zoom asked to wait more than 25 hours (Retry-After); waiting for the next 00:00 UTC reset instead',
      { retryAfterMs: asked, status: failure.status, trackingId: failure.trackingId },
    );
  }
  return saneRetryAfter(asked, deps.clock.now());
}

export function retryStage(deps: RetryStageDeps): Stage {
  return (next) => async (call) => {
    let attempt = 0;
    let throttled = 0;
    for (;;) {
      let failure: ZoomError;
      try {
        return await next(call);
      } catch (error) {
        if (!(error instanceof ZoomError)) throw error;
        failure = error;
      }
      if (failure instanceof ZoomDailyQuotaError) {
        waitAsked(deps, failure); // resetAt is already clamped (dailyResetAt); this only warns
        if (deps.budget.waitsForDailyReset) continue;
        throw failure;
      }
      let delay: number;
      if (failure instanceof ZoomRateLimitError) {
        deps.stats.throttled += 1;
        throttled += 1;
        if (throttled > deps.maxRateLimitRetries) throw failure;
        delay = retryDelay(Math.min(throttled, 4), deps.retry, deps.random, waitAsked(deps, failure));
        deps.logger.debug('per-second rate limit; slowing down', {
          delayMs: delay,
          trackingId: failure.trackingId,
        });
      } else {
        attempt += 1;
        if (!shouldRetry(failure, attempt, deps.retry)) throw failure;
        deps.stats.retries += 1;
        delay = retryDelay(attempt, deps.retry, deps.random, waitAsked(deps, failure));
        deps.logger.debug('retrying after a transient failure', {
          error: failure.name,
          status: failure.status,
          attempt,
          delayMs: delay,
          trackingId: failure.trackingId,
        });
      }
      await deps.sleep(delay, call.signal);
    }
  };
}
