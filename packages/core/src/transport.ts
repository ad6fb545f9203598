/**
 * The wire. A transport sends one HTTP request and returns status, lower-cased headers and the body text;
 * it throws `ZoomNetworkError` for connection faults and timeouts, `ZoomAbortError` on abort. The default
 * (`@zcc-sms/core/node`) uses undici; the n8n node plugs in n8n's own HTTP helper.
 */

/** One HTTP request as the client hands it to a transport. */
export interface TransportRequest {
  /** HTTP method. */
  readonly method: 'GET' | 'POST';
  /** Full URL with the query string. */
  readonly url: string;
  /** Request headers (`Authorization` included: never log them). */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body, for the token request. */
  readonly body?: string | undefined;
  /** Aborts the request. */
  readonly signal?: AbortSignal | undefined;
}

/** One HTTP response: status, lower-cased headers and the body text. */
export interface TransportResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as text. */
  readonly body: string;
}

/**
 * Sends one HTTP request; throws `ZoomNetworkError` for connection faults and `ZoomAbortError` on abort.
 *
 * @example
 * const transport: Transport = async (request) => {
 *   const response = await fetch(request.url, request);
 *   return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
 * };
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * Effects the client needs from its host, injected so the core stays portable (no timers, no globals).
 *
 * @example
 * const clock: Clock = { now: () => Date.now() };
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * Waits `ms` milliseconds; rejects with `ZoomAbortError` when `signal` aborts.
 *
 * @example
 * const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
