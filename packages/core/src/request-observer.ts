/**
 * Request observation: one event per HTTP attempt, for tracing and metrics outside the core (the temporal
 * package turns events into OpenTelemetry spans and Prometheus series). The core depends on no telemetry
 * library: an observer is a plain callback on the client options.
 *
 * An event holds counts, kinds and timings only: no URL query, no header, no token, no record content —
 * the query of a List SMS request can hold a consumer's phone number, and whatever an observer receives
 * may end up in a trace backend. Its stage sits between sendStage and classifyStage (request.ts), so it
 * sees exactly the attempts that went on the wire (what `stats().requests` counts): a token that could not
 * be fetched is not an attempt.
 */
import { ZoomDailyQuotaError, ZoomError, ZoomNetworkError, ZoomRateLimitError } from './errors.ts';
import type { Send } from './request-stage.ts';
import type { Clock, TransportResponse } from './transport.ts';

/** Which of Zoom's limits a 429 hit; `none` for every other answer. */
export type RateLimitHit = 'per-second' | 'daily' | 'none';

/**
 * What one HTTP attempt of a List SMS request did.
 *
 * @example
 * const observer: RequestObserver = {
 *   onRequest: (e) => console.log(e.windowId, e.attempt, e.status ?? e.networkError, e.latencyMs),
 * };
 */
export interface RequestEvent {
  /** The id of the window the request pages, when the request belongs to one (`sms.list` has none). */
  readonly windowId: string | undefined;
  /** 1 for the first attempt of a request, 2 for its first retry (any cause: fault, 429, token replay). */
  readonly attempt: number;
  /** The HTTP status of the answer; `undefined` when none arrived (see `networkError`). */
  readonly status: number | undefined;
  /**
   * Why no answer arrived: `network` (refused, reset, DNS, timeout), `aborted`, or `other` (a failure
   * that is not one of the client's typed errors); `undefined` when an answer arrived.
   */
  readonly networkError: 'network' | 'aborted' | 'other' | undefined;
  /** The limit a 429 hit. */
  readonly rateLimit: RateLimitHit;
  /** The typed error's class name when the attempt failed (`ZoomServerError` …), else `undefined`. */
  readonly error: string | undefined;
  /** Round-trip time of the attempt, answer parsed (ms); budget waits excluded. */
  readonly latencyMs: number;
  /** True when the attempt replays the request with a new token after Zoom rejected the previous one. */
  readonly tokenRefresh: boolean;
  /** The `page_size` asked for. */
  readonly pageSize: number | undefined;
  /** Records in the page the attempt returned; `undefined` when it failed. */
  readonly records: number | undefined;
}

/**
 * Receives one `RequestEvent` per HTTP attempt (`ZoomClientOptions.observer`). Called synchronously on the
 * request path: keep it cheap; what it throws is swallowed, so a broken observer never fails a request.
 *
 * @example
 * const client = createNodeZoomClient({ auth, observer: { onRequest: (e) => counter.add(1, { status: e.status }) } });
 */
export interface RequestObserver {
  /** Called once per HTTP attempt, after its answer (or failure). */
  onRequest(event: RequestEvent): void;
}

/** What a request tells its observer besides the attempt itself. */
export interface ObservedRequest<R> {
  readonly windowId?: string | undefined;
  readonly pageSize?: number | undefined;
  /** Records in a parsed answer. */
  readonly records?: ((value: R) => number) | undefined;
}

/** The observation of one logical request: the stage and the wire tap share what the attempt saw. */
export interface RequestObservation {
  /** Wraps the rest of the path (classify → wire): one event per attempt. */
  stage<T>(next: Send<T>): Send<T>;
  /** Wraps the wire to learn the HTTP status of an answer (a 2xx is parsed away before the stage sees it). */
  tap(next: Send<TransportResponse>): Send<TransportResponse>;
}

/** Which limit `failure` reports. */
export function rateLimitHit(failure: unknown): RateLimitHit {
  if (failure instanceof ZoomDailyQuotaError) return 'daily';
  if (failure instanceof ZoomRateLimitError) return 'per-second';
  return 'none';
}

function noAnswer(failure: unknown): RequestEvent['networkError'] {
  if (failure instanceof ZoomNetworkError) return 'network';
  if (failure instanceof ZoomError && failure.name === 'ZoomAbortError') return 'aborted';
  return failure instanceof ZoomError ? undefined : 'other';
}

/** Observation of one request (composed per request, like authStage: the attempt count lives here). */
export function observeRequest<R>(
  observer: RequestObserver,
  clock: Clock,
  request: ObservedRequest<R>,
): RequestObservation {
  let attempt = 0;
  let status: number | undefined;
  const emit = (event: Omit<RequestEvent, 'windowId' | 'pageSize' | 'attempt'>) => {
    try {
      observer.onRequest({ windowId: request.windowId, pageSize: request.pageSize, attempt, ...event });
    } catch {
      // An observer's bug must not fail or retry the request it watches.
    }
  };
  return {
    tap: (next) => async (call) => {
      const res = await next(call);
      status = res.status;
      return res;
    },
    stage: (next) => async (call) => {
      attempt += 1;
      status = undefined;
      const sentAt = clock.now();
      const tokenRefresh = call.tokenRefresh === true;
      try {
        const value = await next(call);
        // The stage is composed for this request's own parser, whose answer is an R.
        const records = request.records?.(value as unknown as R);
        emit({
          status,
          networkError: undefined,
          rateLimit: 'none',
          error: undefined,
          latencyMs: clock.now() - sentAt,
          tokenRefresh,
          records,
        });
        return value;
      } catch (failure) {
        const answered =
          failure instanceof ZoomError && failure.status !== undefined ? failure.status : status;
        emit({
          status: answered,
          networkError: answered === undefined ? noAnswer(failure) : undefined,
          rateLimit: rateLimitHit(failure),
          error: failure instanceof ZoomError ? failure.name : undefined,
          latencyMs: clock.now() - sentAt,
          tokenRefresh,
          records: undefined,
        });
        throw failure;
      }
    },
  };
}
