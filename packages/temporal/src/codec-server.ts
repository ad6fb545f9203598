/**
 * A remote codec endpoint for the Temporal Web UI and CLI (Temporal's "codec server" protocol):
 * `POST /decode` and `POST /encode` with `{ "payloads": [{ "metadata": {k: base64}, "data": base64 }] }`.
 * The UI calls it from the browser, so it answers CORS for the UI's origin. Run it next to the people who
 * may see decrypted data (it holds the key), and point the UI at it (`temporal server start-dev
 * --ui-codec-endpoint http://127.0.0.1:8888`, or the Cloud UI's "Codec Server" setting).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';

export interface CodecServerOptions {
  readonly codec: PayloadCodec;
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** Default 8888; 0 picks a free port. */
  readonly port?: number | undefined;
  /** Origins allowed by CORS, e.g. `http://localhost:8233`, `https://cloud.temporal.io`. */
  readonly corsOrigins?: readonly string[] | undefined;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  readonly bearerToken?: string | undefined;
}

export interface CodecServer {
  readonly url: string;
  stop(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * @example
 * const server = await startCodecServer({ codec: codecFromEnv(process.env)!, corsOrigins: ['http://localhost:8233'] });
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch(() => reply(res, 500, { message: 'codec failure' }));
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 8888, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: CodecServerOptions): Promise<void> {
  const origin = req.headers.origin;
  if (origin && options.corsOrigins?.includes(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
    res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
  }
  if (req.method === 'OPTIONS') return reply(res, 204);
  if (req.method !== 'POST' || (req.url !== '/encode' && req.url !== '/decode'))
    return reply(res, 404, { message: 'not found' });
  if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`) {
    return reply(res, 401, { message: 'unauthorized' });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: { payloads?: JsonPayload[] };
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { payloads?: JsonPayload[] };
  } catch {
    return reply(res, 400, { message: 'body is not JSON' });
  }
  const payloads = (body.payloads ?? []).map(fromJson);
  const out =
    req.url === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
  reply(res, 200, { payloads: out.map(toJson) });
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
