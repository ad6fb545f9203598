/**
 * `/metrics` over HTTP: our series, then the Temporal SDK's. The SDK's Rust core serves its own
 * Prometheus endpoint on a `bindAddress` (`Runtime.install({ telemetryOptions: { metrics: { prometheus } } })`);
 * `temporalSdkMetrics` binds it on loopback and this server appends that scrape to ours, so one port
 * carries both. The names do not collide: ours start with `zcc_sms_`, the SDK's with `temporal_`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BackfillMetrics } from './backfill-metrics.ts';

/** Options of `startMetricsServer`. */
export interface MetricsServerOptions {
  /** TCP port; 0 picks a free one (read it from `port`). */
  readonly port: number;
  /** Interface to listen on. Default `0.0.0.0` (a scraper runs elsewhere); `127.0.0.1` keeps it local. */
  readonly host?: string | undefined;
  /** Our series. */
  readonly metrics: Pick<BackfillMetrics, 'render'>;
  /** The SDK's own endpoint (`http://127.0.0.1:PORT/metrics`, see `temporalSdkMetrics`), appended to ours. */
  readonly sdkMetricsUrl?: string | undefined;
}

/** A running `/metrics` server. */
export interface MetricsServer {
  /** The port it listens on (the chosen one when asked for 0). */
  readonly port: number;
  /** `http://HOST:PORT/metrics`. */
  readonly url: string;
  /** Stops serving (open scrapes are cut). */
  close(): Promise<void>;
}

/** The SDK's scrape, or a comment saying why it is missing: our own series are served regardless. */
async function sdkScrape(url: string | undefined): Promise<string> {
  if (url === undefined) return '';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return `# Temporal SDK metrics unavailable: HTTP ${res.status}\n`;
    return await res.text();
  } catch (error) {
    return `# Temporal SDK metrics unavailable: ${(error as Error).message}\n`;
  }
}

/**
 * Serves `GET /metrics` in Prometheus' text format until `close()`.
 *
 * @example
 * const metrics = createBackfillMetrics();
 * const server = await startMetricsServer({ port: 9464, metrics });
 * console.log(`metrics on ${server.url}`);
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '0.0.0.0';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found; metrics are at /metrics\n');
      return;
    }
    void sdkScrape(options.sdkMetricsUrl).then((sdk) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(options.metrics.render() + sdk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    port,
    url: `http://${shown}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A free loopback port for the Temporal SDK's Prometheus endpoint, and the runtime options that bind it.
 * Pass `telemetryOptions` to `Runtime.install` before any worker or connection exists, and `url` to
 * `startMetricsServer` as `sdkMetricsUrl`. (The port is free when chosen; another process could take it
 * before the SDK binds it, which then fails loudly at `Runtime.install`.)
 *
 * @example
 * const sdk = await temporalSdkMetrics();
 * Runtime.install({ telemetryOptions: sdk.telemetryOptions });
 * await startMetricsServer({ port: 9464, metrics, sdkMetricsUrl: sdk.url });
 */
export async function temporalSdkMetrics(): Promise<{
  url: string;
  telemetryOptions: {
    metrics: {
      prometheus: {
        bindAddress: string;
        countersTotalSuffix: boolean;
        useSecondsForDurations: boolean;
        unitSuffix: boolean;
      };
    };
  };
}> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const bindAddress = `127.0.0.1:${port}`;
  return {
    url: `http://${bindAddress}/metrics`,
    // Prometheus conventions, like ours: `_total` counters, durations in seconds with a unit suffix.
    telemetryOptions: {
      metrics: {
        prometheus: {
          bindAddress,
          countersTotalSuffix: true,
          useSecondsForDurations: true,
          unitSuffix: true,
        },
      },
    },
  };
}
