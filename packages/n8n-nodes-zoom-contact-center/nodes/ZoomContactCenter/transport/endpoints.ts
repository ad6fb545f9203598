/**
 * Where a credential points: Zoom, ZoomGov, or custom hosts (a sandbox, a proxy). Verified community nodes
 * may not read environment variables, so the hosts are credential fields (docs/zoom-api.md: ZoomGov tenants use
 * `api.zoomgov.com` and `zoomgov.com/oauth/token`).
 */
import { DEFAULT_BASE_URL, DEFAULT_TOKEN_URL } from '@zcc-sms/core';

export const ZOOMGOV_BASE_URL = 'https://api.zoomgov.com/v2';
export const ZOOMGOV_TOKEN_URL = 'https://zoomgov.com/oauth/token';

export type ZoomEnvironment = 'zoom' | 'zoomGov' | 'custom';

export interface ZoomEndpoints {
  readonly apiBaseUrl: string;
  readonly tokenUrl: string;
}

/** The credential fields this module reads (a subset of the decrypted credential). */
export interface EndpointFields {
  readonly environment?: unknown;
  readonly apiBaseUrl?: unknown;
  readonly tokenUrl?: unknown;
}

function httpUrl(field: string, value: unknown, example: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new RangeError(
      `${field}: ${JSON.stringify(text)} is not an http(s) URL; use a URL such as ${example}`,
    );
  }
  return text.replace(/\/+$/, '');
}

/**
 * Resolves the API base URL and token URL of a credential.
 *
 * @example
 * endpointsOf({ environment: 'zoomGov' }); // { apiBaseUrl: 'https://api.zoomgov.com/v2', tokenUrl: … }
 */
export function endpointsOf(fields: EndpointFields): ZoomEndpoints {
  if (fields.environment === 'zoomGov') return { apiBaseUrl: ZOOMGOV_BASE_URL, tokenUrl: ZOOMGOV_TOKEN_URL };
  if (fields.environment === 'custom') {
    return {
      apiBaseUrl: httpUrl('API Base URL', fields.apiBaseUrl, DEFAULT_BASE_URL),
      tokenUrl: httpUrl('Token URL', fields.tokenUrl, DEFAULT_TOKEN_URL),
    };
  }
  return { apiBaseUrl: DEFAULT_BASE_URL, tokenUrl: DEFAULT_TOKEN_URL };
}

/** The same choice as an n8n expression, for the credential test request (it cannot call code). */
export const API_BASE_URL_EXPRESSION =
  `={{ $credentials.environment === 'zoomGov' ? '${ZOOMGOV_BASE_URL}' : ` +
  `$credentials.environment === 'custom' ? $credentials.apiBaseUrl.replace(/\\/+$/, '') : '${DEFAULT_BASE_URL}' }}`;
