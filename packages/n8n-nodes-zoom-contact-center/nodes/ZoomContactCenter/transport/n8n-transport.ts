/**
 * The core's `Transport` on top of n8n's HTTP helpers, so the core's single retry layer, rate budget and
 * page-token restarts apply unchanged inside n8n (docs/architecture.md: no other layer retries HTTP failures).
 *
 * Every status comes back as a response for the core to classify — except 401 on API calls. n8n refreshes
 * an `expirable` credential only when a request made with `httpRequestWithAuthentication` *throws* a 401
 * (n8n-core `request-helpers/authentication.ts`: the catch calls `preAuthentication(…, true)`, persists the
 * new token and replays once). So API calls ignore status errors except 401: n8n refreshes and replays, and
 * only a 401 that survives that reaches the core, which replays once more and then reports `ZoomAuthError`.
 */
import {
  causeChain,
  type Transport,
  type TransportResponse,
  ZoomAbortError,
  ZoomError,
  ZoomNetworkError,
} from '@zcc-sms/core';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { rebuildZoomError } from './zoom-error-bridge.ts';

/** What n8n's helpers return with `returnFullResponse: true`. */
export interface N8nFullResponse {
  readonly body: unknown;
  readonly headers: unknown;
  readonly statusCode: number;
}

export type N8nSend = (options: IHttpRequestOptions) => Promise<N8nFullResponse>;

/** Per request; a stalled connection becomes a retryable `ZoomNetworkError` in the core. */
export const REQUEST_TIMEOUT_MS = 60_000;

const decoder = new TextDecoder();

export function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  if (body instanceof ArrayBuffer) return decoder.decode(body);
  if (body instanceof Uint8Array) return decoder.decode(body);
  return JSON.stringify(body);
}

export function lowerCaseHeaders(headers: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (headers === null || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(', ');
  }
  return out;
}

// n8n wraps what it throws in `NodeApiError`, which keeps the original as `cause`: every fact below is
// looked for along the chain.
function statusOf(error: unknown): number | undefined {
  for (const link of causeChain(error)) {
    const response = (link as { response?: { status?: unknown; statusCode?: unknown } }).response;
    const status = response?.status ?? response?.statusCode;
    if (typeof status === 'number') return status;
    const httpCode = (link as { httpCode?: unknown }).httpCode;
    if (typeof httpCode === 'string' && /^\d{3}$/.test(httpCode)) return Number(httpCode);
  }
  return undefined;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  return causeChain(error).some((link) => {
    const { name, code } = link as { name?: unknown; code?: unknown };
    return name === 'AbortError' || name === 'CanceledError' || code === 'ERR_CANCELED';
  });
}

function networkMessage(error: unknown): string {
  for (const link of causeChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return `the connection to Zoom failed (${code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `the request to Zoom failed: ${message}`;
}

/** Maps what n8n threw to a response (a 401 that survived n8n's refresh) or a typed core error. */
export function fromThrown(error: unknown, signal: AbortSignal | undefined): TransportResponse {
  const zoom = rebuildZoomError(error);
  if (zoom) throw zoom;
  if (isAbort(error, signal)) throw new ZoomAbortError('The execution was cancelled', { cause: error });
  const status = statusOf(error);
  if (status === 401) {
    return {
      status: 401,
      headers: {},
      body: JSON.stringify({
        code: 124,
        message: 'Invalid access token (still rejected after n8n refreshed the credential).',
      }),
    };
  }
  if (status !== undefined) throw new ZoomError(`Zoom answered HTTP ${status}`, { status });
  throw new ZoomNetworkError(networkMessage(error));
}

/**
 * A core `Transport` that sends through an n8n helper.
 *
 * @example
 * const transport = n8nTransport((o) => this.helpers.httpRequestWithAuthentication.call(this, 'zoomContactCenterApi', o), {
 *   authenticated: true,
 * });
 */
export function n8nTransport(send: N8nSend, options: { authenticated: boolean }): Transport {
  return async (request) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      // n8n's credential `authenticate` sets the Authorization header; the core's would clash with it.
      if (options.authenticated && name.toLowerCase() === 'authorization') continue;
      headers[name] = value;
    }
    let response: N8nFullResponse;
    try {
      response = await send({
        method: request.method,
        url: request.url,
        headers,
        body: request.body,
        json: false,
        encoding: 'text',
        returnFullResponse: true,
        timeout: REQUEST_TIMEOUT_MS,
        ignoreHttpStatusErrors: options.authenticated ? { ignore: true, except: [401] } : true,
        abortSignal: request.signal,
      });
    } catch (error) {
      return fromThrown(error, request.signal);
    }
    return {
      status: response.statusCode,
      headers: lowerCaseHeaders(response.headers),
      body: bodyText(response.body),
    };
  };
}
