/**
 * One Server-to-Server OAuth token request and what Zoom granted with it: the token, its lifetime and the
 * `scope` list (S2S guide: `access_token`, `token_type`, `expires_in`, `scope`; docs/zoom-api.md). The token
 * provider (auth.ts) caches the token; `zcc-sms doctor` also shows the lifetime and checks the scopes.
 */
import type { ServerToServerOptions } from './auth.ts';
import { checkEndpointUrl } from './endpoint-url.ts';
import { errorFromResponse, parseErrorBody } from './error-factory.ts';
import { ZoomCredentialsError, ZoomError } from './errors.ts';

/**
 * Zoom's OAuth token endpoint; the default `tokenUrl`.
 *
 * @example
 * const grant = await requestTokenGrant({ accountId, clientId, clientSecret, transport, clock, tokenUrl: DEFAULT_TOKEN_URL });
 */
export const DEFAULT_TOKEN_URL = 'https://zoom.us/oauth/token';

/** An access token from Zoom's token endpoint, with its lifetime and granted scopes. */
export interface TokenGrant {
  /** The bearer token; never logged. */
  readonly accessToken: string;
  /** `expires_in` (Zoom: 3600; 3599 seen); 3600 when the answer has none. */
  readonly expiresInSec: number;
  /**
   * The granted scopes (`scope` is space-separated, RFC 6749 §3.3); `undefined` when the answer carries no
   * `scope` field, so a caller cannot tell — not the same as "none granted".
   */
  readonly scopes: readonly string[] | undefined;
  /** The client's clock when the request was sent (epoch ms): expiry counts from here. */
  readonly requestedAt: number;
}

function base64(text: string): string {
  // btoa is Latin-1 only; client ids and secrets are ASCII, but encode safely anyway.
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * `POST {tokenUrl}?grant_type=account_credentials&account_id=…` with Basic client credentials. Throws
 * `ZoomInputError` for a token URL that would send the secret in clear, `ZoomCredentialsError` when Zoom rejects the credentials, the error factory's class for other failures,
 * `ZoomError` for an answer without a token. Errors never quote the body (it may hold the token).
 *
 * @example
 * const grant = await requestTokenGrant({ accountId, clientId, clientSecret, transport, clock, tokenUrl: DEFAULT_TOKEN_URL });
 * if (!grantsSmsRead(grant.scopes ?? [])) console.error(`add ${SMS_READ_SCOPES_TEXT}`);
 */
export async function requestTokenGrant(
  options: Omit<ServerToServerOptions, 'skewMs' | 'tokenUrl'> & { readonly tokenUrl: string },
): Promise<TokenGrant> {
  // https only, or http to this machine: the request carries the client secret (endpoint-url.ts).
  const tokenUrl = checkEndpointUrl('tokenUrl', options.tokenUrl, DEFAULT_TOKEN_URL);
  const url = new URL(tokenUrl);
  url.searchParams.set('grant_type', 'account_credentials');
  url.searchParams.set('account_id', options.accountId);
  const requestedAt = options.clock.now();
  const res = await options.transport({
    method: 'POST',
    url: url.toString(),
    headers: {
      authorization: `Basic ${base64(`${options.clientId}:${options.clientSecret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: '',
  });
  if (res.status === 400 || res.status === 401) {
    const body = parseErrorBody(res.body);
    if (body.error !== undefined || body.reason !== undefined) {
      const reason = body.reason ?? body.error ?? 'rejected';
      throw new ZoomCredentialsError(
        `Zoom rejected the Server-to-Server OAuth credentials: ${reason} (${body.error ?? res.status}). ` +
          'Check the account ID, client ID and client secret of your Server-to-Server OAuth app in the Zoom App Marketplace.',
        { status: res.status, code: body.error, trackingId: res.headers['x-zm-trackingid'], url: tokenUrl },
      );
    }
  }
  if (res.status < 200 || res.status >= 300) {
    throw errorFromResponse({ ...res, url: tokenUrl }, options.clock.now());
  }
  let parsed: { access_token?: unknown; expires_in?: unknown; scope?: unknown };
  try {
    parsed = JSON.parse(res.body) as typeof parsed;
  } catch {
    // No cause: JSON.parse quotes the body around the fault, and this body holds the access token.
    throw new ZoomError(
      `The token endpoint answered with a body that is not JSON (${res.body.length} bytes)`,
      { status: res.status, trackingId: res.headers['x-zm-trackingid'], url: tokenUrl },
    );
  }
  if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
    throw new ZoomError('The token endpoint answered without an access_token', { status: res.status });
  }
  const expiresInSec =
    typeof parsed.expires_in === 'number' ? parsed.expires_in : Number(parsed.expires_in) || 3600;
  const scopes =
    typeof parsed.scope === 'string' ? parsed.scope.split(/\s+/).filter((s) => s !== '') : undefined;
  return { accessToken: parsed.access_token, expiresInSec, scopes, requestedAt };
}
