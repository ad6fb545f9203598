/**
 * Classification: a 2xx answer is handed to the caller's parser (which throws a typed error for a body it
 * does not understand: a truncated body is retryable, a 200 carrying an error object becomes that error,
 * see body-error.ts); any other status becomes the typed error `errorFromResponse` makes. Nothing here
 * decides whether to try again: that is retryStage's alone.
 */
import { errorFromResponse } from './error-factory.ts';
import type { Send } from './request-stage.ts';
import type { Clock, TransportResponse } from './transport.ts';

/** Parses a 2xx answer; `url` is the request URL without its query string. */
export type ParseAnswer<T> = (res: TransportResponse, url: string) => T;

/** Wraps the wire: its raw answer in, the parsed value (or a thrown typed error) out. */
export function classifyStage<T>(
  parse: ParseAnswer<T>,
  clock: Clock,
): (next: Send<TransportResponse>) => Send<T> {
  return (next) => async (call) => {
    const res = await next(call);
    if (res.status >= 200 && res.status < 300) return parse(res, call.url);
    throw errorFromResponse({ ...res, url: call.url }, clock.now());
  };
}
