/**
 * Retry decisions: the only retry layer in the stack (docs/architecture.md: stacked layers multiply attempts).
 * Network errors, timeouts, 5xx, per-second 429s and truncated bodies are retried; other 4xx are not.
 * Delays are capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"), never shorter than Zoom's `Retry-After`.
 */
import { ZoomError, ZoomInputError } from './errors.ts';

/**
 * How the client retries a request: attempts and the exponential backoff's bounds.
 *
 * @example
 * const client = createNodeZoomClient({ auth, retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 } });
 */
export interface RetryOptions {
  /** Attempts per request including the first. Default 8. */
  readonly maxAttempts: number;
  /** First backoff ceiling in ms. Default 250. */
  readonly baseDelayMs: number;
  /** Backoff ceiling in ms. Default 20,000. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 20_000 };

/**
 * Throws `ZoomInputError` for retry options that would never stop (`maxAttempts: Infinity`), never try
 * (`0`), or wait nonsense (negative or NaN delays; over a day, beyond what any Zoom limit asks).
 */
export function validateRetryOptions(options: RetryOptions): void {
  const { maxAttempts, baseDelayMs, maxDelayMs } = options;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw new ZoomInputError(
      'retry.maxAttempts',
      maxAttempts,
      'is out of range',
      'use a whole number from 1 to 100',
    );
  }
  for (const [field, value] of [
    ['retry.baseDelayMs', baseDelayMs],
    ['retry.maxDelayMs', maxDelayMs],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 86_400_000) {
      throw new ZoomInputError(
        field,
        value,
        'is out of range',
        'use milliseconds from 0 to 86400000 (a day)',
      );
    }
  }
}

/** True when the failed attempt number `attempt` (1-based) should be tried again. */
export function shouldRetry(error: unknown, attempt: number, options: RetryOptions): boolean {
  if (attempt >= options.maxAttempts) return false;
  return error instanceof ZoomError && error.retryable;
}

/** Full-jitter delay before attempt `attempt + 1`; `random` returns [0, 1). */
export function retryDelay(
  attempt: number,
  options: RetryOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
