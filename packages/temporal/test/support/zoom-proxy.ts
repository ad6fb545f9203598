/**
 * A real HTTP proxy in front of the sandbox, as a corporate proxy or a misbehaving edge would sit: it
 * forwards every request and can answer some itself (a Zoom-shaped 400 for one month) or rewrite the JSON
 * of List SMS pages (poison values Zoom might send). Port 0; tests point the worker's `baseUrl` at it.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ZoomProxyHooks {
  /** Answer the request here instead of forwarding it (undefined: forward). */
  answer?: ((url: URL) => ProxyAnswer | undefined) | undefined;
  /** Answer 200 and then drip one byte a second, never finishing the body (undici's body timeout is per chunk). */
  drip?: ((url: URL) => boolean) | undefined;
  /** Rewrite a forwarded 200 JSON body of List SMS. */
  rewrite?: ((url: URL, body: { sms?: Array<Record<string, unknown>> }) => unknown) | undefined;
}

export interface ZoomProxy {
  /** `http://127.0.0.1:PORT/v2`, for the worker's `baseUrl`. */
  readonly baseUrl: string;
  /** Replace the hooks (e.g. `{}` once the "fix" is in). */
  set(hooks: ZoomProxyHooks): void;
  /** Requests the proxy answered itself. */
  answered(): number;
  stop(): Promise<void>;
}

export async function startZoomProxy(
  sandboxBaseUrl: string,
  initial: ZoomProxyHooks = {},
): Promise<ZoomProxy> {
  const upstream = new URL(sandboxBaseUrl);
  let hooks = initial;
  let answered = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', upstream.origin);
    const own = hooks.answer?.(url);
    if (own) {
      answered += 1;
      res.writeHead(own.status, { 'content-type': 'application/json', ...own.headers });
      res.end(JSON.stringify(own.body));
      return;
    }
    if (hooks.drip?.(url)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"sms":[');
      const timer = setInterval(() => res.write(' '), 1_000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const rewrite = hooks.rewrite;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        const json = /json/.test(String(up.headers['content-type'] ?? ''));
        if (!rewrite || up.statusCode !== 200 || !json || !url.pathname.endsWith('/contact_center/sms')) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = JSON.stringify(rewrite(url, JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(body)) };
          delete headers['transfer-encoding'];
          res.writeHead(200, headers);
          res.end(body);
        });
        up.on('error', () => res.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    set(next) {
      hooks = next;
    },
    answered: () => answered,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
