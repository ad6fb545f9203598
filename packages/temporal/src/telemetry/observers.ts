/**
 * Several request observers as one: the Zoom client takes a single `observer`, and a worker may feed
 * metrics and traces from the same events.
 */
import type { RequestObserver } from '@zcc-sms/core';

/**
 * The observers given (undefined ones skipped) as one, or `undefined` when none is left.
 *
 * @example
 * const observer = combineObservers(metrics?.observer, tracing?.observer);
 */
export function combineObservers(
  ...observers: Array<RequestObserver | undefined>
): RequestObserver | undefined {
  const present = observers.filter((o): o is RequestObserver => o !== undefined);
  if (present.length <= 1) return present[0];
  return {
    onRequest(event) {
      for (const observer of present) {
        try {
          observer.onRequest(event);
        } catch {
          // One broken observer must not starve the others of events.
        }
      }
    },
  };
}
