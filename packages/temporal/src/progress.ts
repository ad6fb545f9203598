/**
 * Progress arithmetic, pure (workflow code and the CLI both use it). The ETA is the remaining request
 * count divided by a rate: with a plan, the planned requests of unfinished windows at the effective rate;
 * without one (`plan: false`), the completed windows' average at the observed rate. `getProgress` replaces
 * a planned backfill's figure with the core's `etaMs` (plan-eta.ts), which also counts daily-quota pauses.
 */

export interface EtaInput {
  readonly windowsTotal: number;
  readonly windowsDone: number;
  /** Requests made by completed windows. */
  readonly requests: number;
  /** Requests per second observed while running. */
  readonly rate: number;
  /** Epoch ms of a daily-quota wait still ahead, and now. */
  readonly waitingUntil?: number | undefined;
  readonly now: number;
  /** Remaining requests when known exactly (a plan); overrides the average. */
  readonly remainingRequests?: number | undefined;
}

/** Milliseconds until completion, or undefined before anything can be estimated. */
export function estimateEtaMs(input: EtaInput): number | undefined {
  const remainingWindows = input.windowsTotal - input.windowsDone;
  if (remainingWindows <= 0) return 0;
  const remaining =
    input.remainingRequests ??
    (input.windowsDone > 0 ? (input.requests / input.windowsDone) * remainingWindows : undefined);
  if (remaining === undefined || !(input.rate > 0)) return undefined;
  const wait = input.waitingUntil !== undefined ? Math.max(0, input.waitingUntil - input.now) : 0;
  return Math.round(wait + (remaining / input.rate) * 1000);
}

/** Requests per second over `activeMs`. */
export function requestRate(requests: number, activeMs: number): number {
  return activeMs > 0 ? (requests * 1000) / activeMs : 0;
}
