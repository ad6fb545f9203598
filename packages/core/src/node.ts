/**
 * `@zcc-sms/core/node`: Node defaults for the portable client — undici transport, real clock and timers,
 * configuration from environment variables.
 *
 * @example
 * import { createNodeZoomClient, configFromEnv } from '@zcc-sms/core/node';
 * const client = createNodeZoomClient(configFromEnv(process.env));
 * for await (const r of client.sms.records({ from: '2025-01-01', to: '2025-12-31' })) console.log(r.engagement_id);
 * await client.close();
 */
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_TOKEN_URL } from './auth.ts';
import { createZoomClient, DEFAULT_BASE_URL, type ZoomClient, type ZoomClientOptions } from './client.ts';
import { checkEndpointUrl } from './endpoint-url.ts';
import { ZoomAbortError, ZoomInputError } from './errors.ts';
import type { Clock, Sleep } from './transport.ts';
import { createUndiciTransport, type UndiciTransportOptions } from './undici-transport.ts';

/**
 * The real clock: `Date.now`.
 *
 * @example
 * const client = createZoomClient({ auth, transport, clock: systemClock, sleep: timerSleep });
 */
export const systemClock: Clock = { now: () => Date.now() };

/** Node's timers hold 32-bit milliseconds: a longer delay fires at once (with a warning), so chunk it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Sleeps with Node's timers, in chunks for delays beyond 2^31 ms; rejects with `ZoomAbortError` on abort.
 *
 * @example
 * await timerSleep(1_000, AbortSignal.timeout(5_000)); // resolves after one second
 */
export const timerSleep: Sleep = async (ms, signal) => {
  if (!(ms > 0)) return;
  try {
    for (let left = ms; left > 0; left -= MAX_TIMER_MS) {
      await delay(Math.min(left, MAX_TIMER_MS), undefined, { signal });
    }
  } catch (error) {
    if (signal?.aborted) throw new ZoomAbortError('Aborted while waiting', { cause: error });
    throw error;
  }
};

/** Options of `createNodeZoomClient`: those of `createZoomClient` with the effects optional, plus undici's `http` options. */
export type NodeZoomClientOptions = Omit<ZoomClientOptions, 'transport' | 'clock' | 'sleep'> &
  Partial<Pick<ZoomClientOptions, 'transport' | 'clock' | 'sleep'>> & {
    readonly http?: UndiciTransportOptions;
  };

/** A Node client; `close()` ends its keep-alive connections. */
export interface NodeZoomClient extends ZoomClient {
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

/**
 * A client with Node defaults: undici keep-alive pool, `Date.now`, `timers/promises`.
 *
 * @example
 * const client = createNodeZoomClient({ auth: { accountId, clientId, clientSecret }, budget: { plan: 'business' } });
 * const records = await client.sms.collect({ from: '2026-01-01', to: '2026-01-31' });
 * await client.close();
 */
export function createNodeZoomClient(options: NodeZoomClientOptions): NodeZoomClient {
  const undici = options.transport ? undefined : createUndiciTransport(options.http);
  const client = createZoomClient({
    ...options,
    transport: options.transport ?? undici!.transport,
    clock: options.clock ?? systemClock,
    sleep: options.sleep ?? timerSleep,
    random: options.random ?? Math.random,
  });
  return { ...client, close: async () => undici?.close() };
}

/** What `configFromEnv` reads: credentials, token URL and API base URL. */
export interface ZoomEnvConfig {
  /** `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET` and `ZOOM_OAUTH_TOKEN_URL`. */
  readonly auth: { accountId: string; clientId: string; clientSecret: string; tokenUrl: string };
  /** `ZOOM_API_BASE_URL`. */
  readonly baseUrl: string;
}

/**
 * Reads `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`, `ZOOM_API_BASE_URL` (default
 * `https://api.zoom.us/v2`) and `ZOOM_OAUTH_TOKEN_URL` (default `https://zoom.us/oauth/token`). Both URLs
 * must be https, or http to localhost (`ZoomInputError` otherwise).
 *
 * @example
 * const client = createNodeZoomClient(configFromEnv(process.env));
 * configFromEnv({}); // ZoomInputError: ZOOM_ACCOUNT_ID is not set
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ZoomEnvConfig {
  const need = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) {
      throw new ZoomInputError(
        name,
        env[name] ?? '',
        'is not set',
        `export ${name}=… from your Server-to-Server OAuth app (Zoom App Marketplace)`,
      );
    }
    return value;
  };
  // https only, or http to this machine (the sandbox): these URLs receive the client secret and tokens.
  const url = (name: string, fallback: string): string =>
    checkEndpointUrl(name, env[name]?.trim() || fallback, fallback);
  return {
    auth: {
      accountId: need('ZOOM_ACCOUNT_ID'),
      clientId: need('ZOOM_CLIENT_ID'),
      clientSecret: need('ZOOM_CLIENT_SECRET'),
      tokenUrl: url('ZOOM_OAUTH_TOKEN_URL', DEFAULT_TOKEN_URL),
    },
    baseUrl: url('ZOOM_API_BASE_URL', DEFAULT_BASE_URL),
  };
}

export * from './index.ts';
export type { UndiciTransport, UndiciTransportOptions } from './undici-transport.ts';
export { createUndiciTransport } from './undici-transport.ts';
