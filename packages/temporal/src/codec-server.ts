/**
 * A remote codec endpoint for the Temporal Web UI and CLI (Temporal's "codec server" protocol):
 * `POST /decode` and `POST /encode` with `{ "payloads": [{ "metadata": {k: base64}, "data": base64 }] }`.
 * The UI calls it from the browser, so it answers CORS for the UI's origin. Run it next to the people who
 * may see decrypted data (it holds the key), and point the UI at it (`temporal server start-dev
 * --ui-codec-endpoint http://127.0.0.1:8888`, or the Cloud UI's "Codec Server" setting).
 *
 * It holds the key, so it answers nobody by default:
 * - Authentication: a bearer token (the Cloud UI's "Pass the user access token", or your proxy's), or an
 *   explicit `unauthenticatedLoopback: true`, accepted only when it listens on a loopback address.
 * - DNS rebinding: a web page on another site may make the browser send requests to 127.0.0.1 under its
 *   own host name. The `Host` header must be a loopback name or one of `allowedHosts`, and a request that
 *   carries an `Origin` must come from one of `corsOrigins`.
 * - Bodies above `maxBodyBytes` (default 8 MiB, above Temporal's 4 MB default gRPC message size, so a
 *   history page's payloads fit) are refused with 413 before they are buffered whole.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { CodecError, ENCRYPTED_ENCODING } from './codec.ts';

/** Options of `startCodecServer`: the codec, where to listen, who may call (CORS origins, bearer token, hosts). */
export interface CodecServerOptions {
  /** The codec to serve (e.g. `codecFromEnv(process.env)`). */
  readonly codec: PayloadCodec;
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** Default 8888; 0 picks a free port. */
  readonly port?: number | undefined;
  /** Origins allowed by CORS, e.g. `http://localhost:8233`, `https://cloud.temporal.io`. */
  readonly corsOrigins?: readonly string[] | undefined;
  /** Requests must carry `Authorization: Bearer <token>`. Required unless `unauthenticatedLoopback`. */
  readonly bearerToken?: string | undefined;
  /** Serve without a token; only with a loopback `host` (127.0.0.1, ::1, localhost). */
  readonly unauthenticatedLoopback?: boolean | undefined;
  /** Host names (without port) accepted in the `Host` header besides loopback ones, e.g. `codec.example.com`. */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Largest request body accepted. Default 8 MiB. */
  readonly maxBodyBytes?: number | undefined;
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Refusals that are the caller's configuration mistake (no token, token with a public bind).
 *
 * @example
 * startCodecServer({ codec, host: '0.0.0.0', unauthenticatedLoopback: true }); // rejects with CodecServerConfigError
 */
export class CodecServerConfigError extends Error {
  /** The class name as a literal, so it survives bundling. */
  override readonly name = 'CodecServerConfigError';
}

/** Constant-time comparison (of digests, so lengths do not leak either). */
function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

/** `Host` header without its port (`[::1]:8888` → `[::1]`). */
function hostName(header: string | undefined): string {
  if (!header) return '';
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.replace(/:\d+$/, '');
}

/** A running codec server: its URL and how to stop it. */
export interface CodecServer {
  /** Base URL to give Temporal UI/CLI as the codec endpoint. */
  readonly url: string;
  /** Closes the server. */
  stop(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * Serves the codec's `/encode` and `/decode` over HTTP, so Temporal's UI and CLI can show encrypted payloads.
 *
 * @example
 * const server = await startCodecServer({ codec: codecFromEnv(process.env)!, corsOrigins: ['http://localhost:8233'] });
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const host = options.host ?? '127.0.0.1';
  if (!options.bearerToken) {
    if (!options.unauthenticatedLoopback) {
      throw new CodecServerConfigError(
        'codec server: bearerToken is not set; set one (the UI or your proxy sends it as Authorization: Bearer), or pass unauthenticatedLoopback: true to serve without one on a loopback address',
      );
    }
    if (!LOOPBACK_HOSTS.has(host)) {
      throw new CodecServerConfigError(
        `codec server: unauthenticatedLoopback needs a loopback host, not ${JSON.stringify(host)}; bind 127.0.0.1 or set a bearerToken`,
      );
    }
  }
  const server = createServer((req, res) => {
    // A CodecError names key ids and the fix, never a key: the UI user may see it.
    handle(req, res, options).catch((error: unknown) =>
      error instanceof CodecError
        ? reply(res, 422, { message: error.message })
        : reply(res, 500, { message: 'codec failure' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 8888, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: CodecServerOptions): Promise<void> {
  const host = hostName(req.headers.host);
  if (!LOOPBACK_HOSTS.has(host) && !options.allowedHosts?.includes(host)) {
    return reply(res, 403, { message: 'host not allowed' });
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !options.corsOrigins?.includes(origin)) {
    return reply(res, 403, { message: 'origin not allowed' });
  }
  if (origin !== undefined) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
    res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
  }
  if (req.method === 'OPTIONS') return reply(res, 204);
  if (req.method !== 'POST' || (req.url !== '/encode' && req.url !== '/decode'))
    return reply(res, 404, { message: 'not found' });
  if (options.bearerToken && !sameSecret(req.headers.authorization, `Bearer ${options.bearerToken}`)) {
    return reply(res, 401, { message: 'unauthorized' });
  }
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const raw = await readBody(req, limit);
  if (raw === undefined) {
    res.setHeader('connection', 'close');
    res.once('finish', () => req.destroy());
    return reply(res, 413, { message: `body larger than ${limit} bytes` });
  }
  let body: { payloads?: JsonPayload[] };
  try {
    body = JSON.parse(raw.toString('utf8')) as { payloads?: JsonPayload[] };
  } catch {
    return reply(res, 400, { message: 'body is not JSON' });
  }
  const payloads = (body.payloads ?? []).map(fromJson);
  const out =
    req.url === '/encode'
      ? await options.codec.encode(payloads)
      : await decodeForDisplay(options.codec, payloads);
  reply(res, 200, { payloads: out.map(toJson) });
}

/**
 * The UI sends every payload of a history to /decode, including ones written before encryption was
 * enabled. Showing those as they are reveals nothing the history does not hold in clear, so they pass
 * through here; only workers and clients refuse them (codec.ts), where accepting one would mean acting
 * on input nobody sealed.
 */
async function decodeForDisplay(codec: PayloadCodec, payloads: Payload[]): Promise<Payload[]> {
  const sealed = (p: Payload) =>
    p.metadata?.encoding !== undefined && Buffer.from(p.metadata.encoding).toString() === ENCRYPTED_ENCODING;
  const opened = await codec.decode(payloads.filter(sealed));
  let next = 0;
  return payloads.map((p) => (sealed(p) ? opened[next++]! : p));
}

/** The body, or `undefined` as soon as it exceeds `limit` (the rest is not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

function fromJson(p: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v, 'base64');
  return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {}))
    if (v) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}
