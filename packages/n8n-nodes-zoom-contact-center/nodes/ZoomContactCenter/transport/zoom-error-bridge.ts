/**
 * The credential and the nodes are separate bundles, each with its own copy of the core, so an error the
 * credential's `preAuthentication` throws (for example `ZoomCredentialsError` for a wrong client secret) is
 * not `instanceof` the node's classes once n8n has wrapped it in a `NodeApiError`. This finds it by name in
 * the `cause` chain and rebuilds it as the node bundle's class, keeping its retry semantics.
 */
import {
  causeChain,
  ZoomCredentialsError,
  ZoomError,
  ZoomNetworkError,
  ZoomPermissionError,
  ZoomRateLimitError,
  ZoomServerError,
} from '@zcc-sms/core';

const REBUILDERS: Record<
  string,
  (message: string, init: ConstructorParameters<typeof ZoomError>[1]) => ZoomError
> = {
  ZoomCredentialsError: (m, i) => new ZoomCredentialsError(m, i),
  ZoomPermissionError: (m, i) => new ZoomPermissionError(m, i),
  ZoomRateLimitError: (m, i) => new ZoomRateLimitError(m, i),
  ZoomServerError: (m, i) => new ZoomServerError(m, i),
  ZoomNetworkError: (m, i) => new ZoomNetworkError(m, i),
};

interface ZoomErrorShape {
  name: string;
  message: string;
  status?: number;
  code?: number | string;
  trackingId?: string;
  retryAfterMs?: number;
}

function isZoomErrorShape(value: unknown): value is ZoomErrorShape {
  if (value === null || typeof value !== 'object') return false;
  const { name, message } = value as { name?: unknown; message?: unknown };
  return (
    typeof name === 'string' &&
    name.startsWith('Zoom') &&
    name.endsWith('Error') &&
    typeof message === 'string'
  );
}

/** The first Zoom error in `error`'s cause chain, as this bundle's class; `undefined` when there is none. */
export function rebuildZoomError(error: unknown): ZoomError | undefined {
  for (const link of causeChain(error)) {
    if (link instanceof ZoomError) return link;
    if (isZoomErrorShape(link)) {
      const init = {
        status: link.status,
        code: link.code,
        trackingId: link.trackingId,
        retryAfterMs: link.retryAfterMs,
      };
      const rebuild = REBUILDERS[link.name];
      return rebuild ? rebuild(link.message, init) : new ZoomError(link.message, init);
    }
  }
  return undefined;
}
