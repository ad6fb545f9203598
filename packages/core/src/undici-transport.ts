/**
 * The default transport on undici: a keep-alive `Agent` (a pool per origin), connect/headers/body
 * timeouts and `AbortSignal` cancellation. It never retries (the client's retry layer is the only one)
 * and never touches the global dispatcher.
 */
import { Agent, type Dispatcher, errors, request } from 'undici';
import { ZoomAbortError, ZoomNetworkError } from './errors.ts';
import type { Transport } from './transport.ts';

export interface UndiciTransportOptions {
  /** Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Time to the response headers. Default 60 s (Zoom's HEAVY endpoints can be slow). */
  readonly headersTimeoutMs?: number;
  /** Idle time between body chunks. Default 60 s. */
  readonly bodyTimeoutMs?: number;
  /** Sockets per origin. Default 16. */
  readonly connections?: number;
  /** Use this dispatcher instead of a new keep-alive Agent (for example undici's `MockAgent` in tests). */
  readonly dispatcher?: Dispatcher;
}

export interface UndiciTransport {
  readonly transport: Transport;
  close(): Promise<void>;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const agent: Dispatcher =
    options.dispatcher ??
    new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: options.headersTimeoutMs ?? 60_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
      connections: options.connections ?? 16,
      keepAliveTimeout: 10_000,
    });

  const transport: Transport = async (req) => {
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        dispatcher: agent,
      });
      const body = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined)
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, headers, body };
    } catch (error) {
      if (req.signal?.aborted || error instanceof errors.RequestAbortedError) {
        throw new ZoomAbortError('The request was aborted', { cause: error, url: origin(req.url) });
      }
      const code = (error as { code?: string }).code ?? (error as Error).name;
      const message = (error as Error).message;
      throw new ZoomNetworkError(`Could not reach ${origin(req.url)}: ${message} (${code})`, {
        code,
        cause: error,
        url: origin(req.url),
      });
    }
  };

  return { transport, close: () => (options.dispatcher ? Promise.resolve() : agent.close()) };
}
