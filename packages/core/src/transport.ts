/**
 * The wire. A transport sends one HTTP request and returns status, lower-cased headers and the body text;
 * it throws `ZoomNetworkError` for connection faults and timeouts, `ZoomAbortError` on abort. The default
 * (`@zcc-sms/core/node`) uses undici; the n8n node plugs in n8n's own HTTP helper.
 */

export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface TransportResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** Effects the client needs from its host, injected so the core stays portable (no timers, no globals). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
