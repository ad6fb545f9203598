/**
 * The core client with n8n's effects: n8n's HTTP helper (with the credential's managed access token),
 * `Date.now`, n8n-workflow's `sleep` and n8n's logger. The rate budget lives as long as one node execution:
 * nodes may keep no module-level state (CONTRIBUTING.md; n8n runs executions of many workflows in one process).
 */
import {
  createZoomClient,
  type Logger,
  type RatePlanName,
  type Sleep,
  type TokenProvider,
  ZoomAbortError,
  type ZoomClient,
} from '@zcc-sms/core';
import { type IExecuteFunctions, type IPollFunctions, sleep } from 'n8n-workflow';
import { endpointsOf } from './endpoints.ts';
import { type N8nFullResponse, n8nTransport } from './n8n-transport.ts';

export const CREDENTIAL_TYPE = 'zoomContactCenterApi';

export type ZoomNodeContext = IExecuteFunctions | IPollFunctions;

/**
 * n8n owns the access token: the credential's `preAuthentication` fetches it into the `expirable`
 * `accessToken` field, `authenticate` adds the header, and n8n refreshes it after a 401. The core therefore
 * gets a provider with nothing to do; its "refresh once, replay once" on a 401 becomes one more replay
 * through n8n, which refreshes again.
 */
export const n8nManagedToken: TokenProvider = { getToken: async () => '' };

/** n8n-workflow's `sleep` (no timers in the package itself), with the core's abort contract. */
export const n8nSleep: Sleep = async (ms, signal) => {
  if (ms <= 0) return;
  const failure = await sleep(ms, signal).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (failure === undefined) return;
  if (signal?.aborted)
    throw new ZoomAbortError('The execution was cancelled while waiting', { cause: failure.error });
  throw failure.error;
};

function n8nLogger(ctx: ZoomNodeContext): Logger {
  const log = ctx.logger;
  return {
    debug: (message, fields) => log.debug(`Zoom Contact Center: ${message}`, { ...fields }),
    info: (message, fields) => log.info(`Zoom Contact Center: ${message}`, { ...fields }),
    warn: (message, fields) => log.warn(`Zoom Contact Center: ${message}`, { ...fields }),
    error: (message, fields) => log.error(`Zoom Contact Center: ${message}`, { ...fields }),
  };
}

export function cancelSignalOf(ctx: ZoomNodeContext): AbortSignal | undefined {
  const withSignal = ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined };
  return typeof withSignal.getExecutionCancelSignal === 'function'
    ? withSignal.getExecutionCancelSignal()
    : undefined;
}

export interface N8nZoomClientOptions {
  /** Zoom plan of the account: Pro 5 requests/s and 15,000/day, Business+ 10/s and 30,000/day (List SMS is HEAVY). */
  readonly plan: RatePlanName;
  /** A sub-account read through the master-account twin; `undefined`: the credential's own account. */
  readonly accountId?: string | undefined;
}

/**
 * A core client for this node execution.
 *
 * @example
 * const client = await n8nZoomClient(this, { plan: 'pro' });
 * for await (const record of client.sms.records({ from: '2026-01-01', to: '2026-01-31' })) use(record);
 */
export async function n8nZoomClient(
  ctx: ZoomNodeContext,
  options: N8nZoomClientOptions,
): Promise<ZoomClient> {
  const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
  const { apiBaseUrl } = endpointsOf(credentials);
  const send = (request: Parameters<typeof ctx.helpers.httpRequestWithAuthentication>[1]) =>
    ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, request) as Promise<N8nFullResponse>;
  return createZoomClient({
    auth: { tokenProvider: n8nManagedToken },
    transport: n8nTransport(send, { authenticated: true }),
    clock: { now: () => Date.now() },
    sleep: n8nSleep,
    baseUrl: apiBaseUrl,
    accountId: options.accountId,
    budget: { plan: options.plan, onDailyQuota: 'throw' },
    logger: n8nLogger(ctx),
  });
}
