/**
 * The innermost stages: `wire` hands a call to the injected transport (which never retries, see
 * transport.ts); `sendStage` puts the access token on it, counts it and measures how long it took.
 */
import type { Send, Stage } from './request-stage.ts';
import type { Clock, Transport, TransportResponse } from './transport.ts';

/** The transport as the innermost `Send`: one GET, as it is. */
export function wire(transport: Transport): Send<TransportResponse> {
  return (call) => transport({ method: 'GET', url: call.target, headers: call.headers, signal: call.signal });
}

export interface SendStageDeps {
  readonly clock: Clock;
  readonly stats: { requests: number; latencyMs: number };
}

/**
 * Resolves the call's `authorization` (a token failure is not a request sent), counts the request, and
 * folds the round-trip time of a successful one — answer parsed — into a smoothed latency (the planner
 * sizes concurrency from it). Time spent waiting for the budget is outside this stage, so not counted.
 */
export function sendStage(deps: SendStageDeps): Stage {
  return (next) => async (call) => {
    const authorization = call.authorization === undefined ? undefined : await call.authorization();
    deps.stats.requests += 1;
    const sentAt = deps.clock.now();
    const value = await next(
      authorization === undefined ? call : { ...call, headers: { authorization, ...call.headers } },
    );
    const rtt = deps.clock.now() - sentAt;
    deps.stats.latencyMs = deps.stats.latencyMs === 0 ? rtt : deps.stats.latencyMs * 0.8 + rtt * 0.2;
    return value;
  };
}
