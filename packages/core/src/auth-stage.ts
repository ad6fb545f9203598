/**
 * The access token of each attempt, and what a 401 means. Any 401 (code 124, or the
 * `{"status":false,"errorCode":401}` variant, or a 200 carrying either, see body-error.ts) on a token we
 * have not seen rejected earns one refresh and one replay. A fresh token rejected too earns another —
 * under concurrency other requests may use a token up before our replay, and older Zoom behaviour revoked
 * a token when a newer one was issued (docs/zoom-api.md, Authentication) — up to MAX_TOKENS_PER_REQUEST;
 * the same token rejected twice ends it (a static token cannot be fixed by refreshing).
 *
 * The refresh is asked for by the replay itself, when it goes on the wire: a refresh that fails (the token
 * endpoint unreachable) is then a failure of that attempt, which retryStage judges like any other, and the
 * attempt after it asks for the refresh again; once a token came back, later attempts ask for no more.
 */
import type { TokenProvider } from './auth.ts';
import { ZoomAuthError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Stage } from './request-stage.ts';

/** Distinct access tokens one request may try before a 401 is final. */
export const MAX_TOKENS_PER_REQUEST = 8;

export interface AuthStageDeps {
  readonly tokens: TokenProvider;
  readonly logger: Logger;
  readonly stats: { tokenRefreshes: number };
}

export function authStage(deps: AuthStageDeps): Stage {
  return (next) => {
    // Kept across every attempt of this request (retries included): see request-stage.ts.
    const rejected = new Set<string>();
    let replacing: string | undefined;
    return async (call) => {
      for (;;) {
        const attempt: { token?: string } = {};
        const authorization = async (): Promise<string> => {
          attempt.token = await deps.tokens.getToken(
            replacing === undefined
              ? { signal: call.signal }
              : { force: true, rejected: replacing, signal: call.signal },
          );
          replacing = undefined; // asked for once per rejected token, like the refresh it stands for
          return `Bearer ${attempt.token}`;
        };
        try {
          return await next({ ...call, authorization, tokenRefresh: replacing !== undefined });
        } catch (failure) {
          const token = attempt.token;
          if (
            !(failure instanceof ZoomAuthError) ||
            token === undefined ||
            rejected.has(token) ||
            rejected.size >= MAX_TOKENS_PER_REQUEST
          ) {
            throw failure;
          }
          rejected.add(token);
          replacing = token;
          deps.stats.tokenRefreshes += 1;
          deps.logger.debug('access token rejected; refreshing once and replaying', {
            trackingId: failure.trackingId,
          });
        }
      }
    };
  };
}
