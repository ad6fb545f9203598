/**
 * The default transport on undici: a keep-alive `Agent` (a pool per origin), connect/headers/body
 * timeouts and `AbortSignal` cancellation. It never retries (the client's retry layer is the only one)
 * and never touches the global dispatcher.
 *
 * Two limits undici does not give (issue #10): undici's body timeout is the idle time between chunks, so a
 * body that drips a byte a minute never ends; `responseTimeoutMs` bounds the whole exchange. And a body is
 * read only up to `maxBodyBytes` (a 100-record page is about 70 KB), so a broken proxy cannot fill memory.
 */
import { Agent, type Dispatcher, errors, request } from 'undici';
import { ZoomAbortError, ZoomNetworkError, ZoomResponseError } from './errors.ts';
import type { Transport } from './transport.ts';

/** Timeouts, body limit and pool size of the undici transport. */
export interface UndiciTransportOptions {
  /** Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Time to the response headers. Default 60 s (Zoom's HEAVY endpoints can be slow). */
  readonly headersTimeoutMs?: number;
  /** Idle time between body chunks. Default 30 s. */
  readonly bodyTimeoutMs?: number;
  /** The whole request, headers and body. Default 120 s. */
  readonly responseTimeoutMs?: number;
  /** Largest body read; a bigger one is an error. Default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** Sockets per origin. Default 16. */
  readonly connections?: number;
  /** Use this dispatcher instead of a new keep-alive Agent (for example undici's `MockAgent` in tests). */
  readonly dispatcher?: Dispatcher;
}

/** A transport on a keep-alive undici pool, and the way to close that pool. */
export interface UndiciTransport {
  /** The transport to give `createZoomClient`. */
  readonly transport: Transport;
  /** Closes the pool's connections. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function tooLarge(url: string, limit: number, received: number): ZoomResponseError {
  return new ZoomResponseError(
    `The response from ${origin(url)} is larger than ${limit} bytes (${received} bytes or more); ` +
      'raise http.maxBodyBytes if that is expected',
    { truncated: false, url: origin(url) },
  );
}

async function readCapped(body: AsyncIterable<Buffer>, url: string, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw tooLarge(url, limit, size);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * The default Node transport: undici keep-alive pool, timeouts, a body size limit, errors as `ZoomNetworkError`.
 *
 * @example
 * const http = createUndiciTransport({ headersTimeoutMs: 30_000 });
 * const client = createZoomClient({ auth, transport: http.transport, clock: systemClock, sleep: timerSleep });
 * await http.close();
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const agent: Dispatcher =
    options.dispatcher ??
    new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: options.headersTimeoutMs ?? 60_000,
      bodyTimeout: options.bodyTimeoutMs ?? 30_000,
      connections: options.connections ?? 16,
      keepAliveTimeout: 10_000,
    });
  // Node timers hold 32-bit milliseconds: a longer deadline would fire at once.
  const deadlineMs = Math.min(options.responseTimeoutMs ?? 120_000, 2 ** 31 - 1);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const transport: Transport = async (req) => {
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    let res: Dispatcher.ResponseData | undefined;
    try {
      res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        dispatcher: agent,
      });
      const length = Number(res.headers['content-length']);
      if (Number.isFinite(length) && length > maxBody) throw tooLarge(req.url, maxBody, length);
      const body = await readCapped(res.body, req.url, maxBody);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined)
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, headers, body };
    } catch (error) {
      res?.body.destroy();
      if (error instanceof ZoomResponseError) throw error;
      if (req.signal?.aborted) {
        throw new ZoomAbortError('The request was aborted', { cause: error, url: origin(req.url) });
      }
      if (deadline.aborted) {
        throw new ZoomNetworkError(
          `No complete response from ${origin(req.url)} within ${deadlineMs} ms (responseTimeoutMs)`,
          { code: 'ResponseTimeout', url: origin(req.url) },
        );
      }
      if (error instanceof errors.RequestAbortedError) {
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
