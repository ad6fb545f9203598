/**
 * Access tokens. Server-to-Server OAuth: `POST {tokenUrl}?grant_type=account_credentials&account_id=…`
 * with `Authorization: Basic base64(client_id:client_secret)` (Zoom S2S OAuth docs). There is no refresh
 * token: a new token is requested. Tokens are cached, refreshed early (expiry minus skew), and refreshed
 * single-flight: however many requests wait, one token request is in flight (octokit/auth-oauth-user does
 * not dedupe; we do).
 */

import { checkEndpointUrl } from './endpoint-url.ts';
import { ZoomAbortError, ZoomInputError } from './errors.ts';
import { DEFAULT_TOKEN_URL, requestTokenGrant } from './token-grant.ts';

export { DEFAULT_TOKEN_URL };

import type { Clock, Transport } from './transport.ts';

/**
 * Supplies bearer tokens to the client; plug in your own to share tokens between processes.
 *
 * @example
 * const provider: TokenProvider = { getToken: async () => vault.read('zoom-token') };
 * const client = createZoomClient({ auth: { tokenProvider: provider }, transport, clock, sleep });
 */
export interface TokenProvider {
  /** A valid access token; `force` asks for a fresh one (after a 401 on `rejected`). */
  getToken(options?: { force?: boolean; rejected?: string; signal?: AbortSignal }): Promise<string>;
}

/** A Server-to-Server OAuth app's account id, client id and client secret (Zoom App Marketplace). */
export interface ServerToServerCredentials {
  /** The account id of the app (Zoom App Marketplace). */
  readonly accountId: string;
  /** The app's client id. */
  readonly clientId: string;
  /** The app's client secret; never logged. */
  readonly clientSecret: string;
}

/** Options of `serverToServerTokenProvider`: credentials plus the injected transport and clock. */
export interface ServerToServerOptions extends ServerToServerCredentials {
  /** Default `https://zoom.us/oauth/token`. */
  readonly tokenUrl?: string | undefined;
  /** Sends the token request. */
  readonly transport: Transport;
  /** Decides when a cached token is refreshed. */
  readonly clock: Clock;
  /** Refresh this long before expiry. Default 5 minutes. */
  readonly skewMs?: number | undefined;
}

interface CachedToken {
  readonly token: string;
  readonly refreshAt: number;
}

/**
 * Server-to-Server OAuth token provider with early refresh and single-flight requests.
 *
 * @example
 * const tokens = serverToServerTokenProvider({ accountId, clientId, clientSecret, transport, clock: { now: Date.now } });
 * const token = await tokens.getToken(); // cached until shortly before it expires
 */
export function serverToServerTokenProvider(options: ServerToServerOptions): TokenProvider {
  const tokenUrl = options.tokenUrl ?? DEFAULT_TOKEN_URL;
  const skewMs = options.skewMs ?? 5 * 60_000;
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  // Runs without any caller's AbortSignal: it is shared, and one cancelled window must not abort the token
  // fetch the other windows wait on (issue #10). The transport's own deadlines bound it.
  async function fetchToken(): Promise<CachedToken> {
    const grant = await requestTokenGrant({ ...options, tokenUrl });
    const expiresInMs = grant.expiresInSec * 1000;
    // Never refresh later than half the lifetime, so a short-lived token is still refreshed early.
    const lead = Math.min(skewMs, expiresInMs / 2);
    return { token: grant.accessToken, refreshAt: grant.requestedAt + expiresInMs - lead };
  }

  return {
    async getToken(request = {}) {
      const stale =
        cached === undefined ||
        options.clock.now() >= cached.refreshAt ||
        (request.force === true && (request.rejected === undefined || request.rejected === cached.token));
      if (!stale && cached) return cached.token;
      inFlight ??= fetchToken()
        .then((fresh) => {
          cached = fresh;
          return fresh;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return (await untilAborted(inFlight, request.signal)).token;
    },
  };
}

/** Waits for `shared`, or stops waiting (with `ZoomAbortError`) when this caller's `signal` aborts. */
function untilAborted<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return shared;
  if (signal.aborted) {
    shared.catch(() => {}); // its failure is reported to those who wait for it, not as unhandled
    return Promise.reject(new ZoomAbortError('Aborted while waiting for an access token'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ZoomAbortError('Aborted while waiting for an access token'));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * How a client authenticates: Server-to-Server OAuth credentials, a fixed access token, or a token provider.
 *
 * @example
 * const auth: ZoomAuth = { accountId: 'abc', clientId: 'id', clientSecret: process.env.ZOOM_CLIENT_SECRET! };
 */
export type ZoomAuth =
  | {
      readonly accountId: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly tokenUrl?: string | undefined;
    }
  | { readonly accessToken: string }
  | { readonly tokenProvider: TokenProvider };

/**
 * The token provider for a client's `auth`; throws `ZoomInputError` for missing credentials or a token URL
 * that would send them in clear (endpoint-url.ts).
 */
export function tokenProviderFor(auth: ZoomAuth, transport: Transport, clock: Clock): TokenProvider {
  if ('tokenProvider' in auth) return auth.tokenProvider;
  if ('accessToken' in auth) return staticTokenProvider(auth.accessToken);
  for (const field of ['accountId', 'clientId', 'clientSecret'] as const) {
    if (typeof auth[field] !== 'string' || auth[field].trim() === '') {
      throw new ZoomInputError(
        field,
        field === 'clientSecret' ? '(empty)' : auth[field],
        'is missing',
        `set ${field} from your Server-to-Server OAuth app (Zoom App Marketplace)`,
      );
    }
  }
  if (auth.tokenUrl !== undefined) checkEndpointUrl('tokenUrl', auth.tokenUrl, DEFAULT_TOKEN_URL);
  return serverToServerTokenProvider({ ...auth, transport, clock });
}

/**
 * A fixed bearer token (for example one minted elsewhere). A 401 on it cannot be fixed by refreshing.
 *
 * @example
 * const client = createNodeZoomClient({ auth: { tokenProvider: staticTokenProvider(token) } });
 */
export function staticTokenProvider(token: string): TokenProvider {
  return { getToken: async () => token };
}
