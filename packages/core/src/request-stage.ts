/**
 * The request path as stages, the shape of undici's interceptors (`lib/interceptor/retry.js` around
 * `lib/handler/retry-handler.js`) and octokit's `hook.wrap`: a `Send` turns one call into its answer, a
 * `Stage` wraps a `Send` with one concern. request.ts composes them, outermost first:
 *
 *   retryStage → authStage → budgetStage → sendStage → (observer) → classifyStage → wire
 *
 * - retryStage (retry-stage.ts): the one retry decision — transient faults, per-second 429 pacing,
 *   daily-quota waits. No other stage, and no layer above or below, retries.
 * - authStage (auth-stage.ts): the bearer token; one refresh and replay per rejected token.
 * - budgetStage (budget-stage.ts): a slot of the account's rate budget before each attempt, and what the
 *   answer tells the budget after it.
 * - sendStage (send-stage.ts): resolves the token, counts the request, measures its latency.
 * - the observer stage (`observeRequest` in request-observer.ts, only with an observer): one event per
 *   attempt on the wire.
 * - classifyStage (classify-stage.ts): a 2xx is parsed; anything else becomes a typed error.
 * - wire (send-stage.ts): the injected transport.
 *
 * A pipeline serves one logical request: a stage that must remember something across the retries and
 * replays of that request (authStage's rejected tokens) keeps it in the closure made when it is composed.
 */

export interface Call {
  /** The request URL without its query string: errors name it (query values can hold phone numbers). */
  readonly url: string;
  /** `url` with its query string: what goes on the wire. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
  /**
   * The `Authorization` header's value, resolved by sendStage as the request goes on the wire: after any
   * budget wait, so a token is never fetched before a wait it might not outlive (a daily-quota wait lasts
   * hours, a token one).
   */
  readonly authorization?: (() => Promise<string>) | undefined;
  /** Set by authStage when the call replays a request whose token Zoom rejected (for the observer). */
  readonly tokenRefresh?: boolean | undefined;
}

/** Sends one call and resolves to its answer, or throws a typed error. */
export type Send<T> = (call: Call) => Promise<T>;

/** One concern of the request path wrapped around the rest of it. */
export type Stage = <T>(next: Send<T>) => Send<T>;

/** `stages` (outermost first) wrapped around `innermost`. */
export function compose<T>(stages: readonly Stage[], innermost: Send<T>): Send<T> {
  return stages.reduceRight<Send<T>>((next, stage) => stage(next), innermost);
}
