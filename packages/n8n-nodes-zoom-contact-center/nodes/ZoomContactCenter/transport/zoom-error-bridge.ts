/**
 * The credential and the nodes are separate bundles, each with its own copy of the core, so an error the
 * credential's `preAuthentication` throws (for example `ZoomCredentialsError` for a wrong client secret) is
 * not `instanceof` the node's classes once n8n has wrapped it in a `NodeApiError`. This finds it by name in
 * the `cause` chain and rebuilds it as the node bundle's class, keeping its retry semantics.
 */
import {
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
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    if (current instanceof ZoomError) return current;
    if (isZoomErrorShape(current)) {
      const init = {
        status: current.status,
        code: current.code,
        trackingId: current.trackingId,
        retryAfterMs: current.retryAfterMs,
      };
      const rebuild = REBUILDERS[current.name];
      return rebuild ? rebuild(current.message, init) : new ZoomError(current.message, init);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
