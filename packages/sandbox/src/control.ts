/**
 * Run-time control of a sandbox, shared by the programmatic API and the admin HTTP endpoints.
 */
import type { FaultConfig, FaultKind } from './faults.ts';
import { validateFaults } from './faults.ts';
import type { RateLimit, RateLimitSetting } from './rate-limit.ts';
import { initialRateState, resolveRateLimit } from './rate-limit.ts';
import type { SandboxState } from './sandbox-state.ts';
import type { RequestLogEntry } from './stats.ts';
import type { Variants } from './variants.ts';
import { mergeVariants } from './variants.ts';

/**
 * Reads and moves the sandbox clock (the manual clock only moves through it).
 *
 * @example
 * sandbox.control.clock.advance(24 * 3_600_000); // a day later: the daily quota resets
 */
export interface ClockControl {
  /** Sandbox time, epoch ms. */
  now(): number;
  /** Sandbox time as ISO 8601. */
  nowIso(): string;
  /** Moves the clock forward by `ms`; returns the new time. */
  advance(ms: number): number;
  /** Sets the clock to an instant (ISO or epoch ms); returns the new time. */
  set(to: string | number): number;
}

/**
 * Changes a running sandbox: clock, tokens, variants, faults, rate limits and the request log.
 *
 * @example
 * sandbox.control.failNext('badGateway', 2);
 * sandbox.control.setRateLimit({ perSecond: 5, daily: 100 });
 * sandbox.control.expirePageTokens();
 */
export interface SandboxControl {
  /** The sandbox clock. */
  readonly clock: ClockControl;
  /** Every access token issued so far stops working (401). */
  revokeTokens(): void;
  /** Every next_page_token issued so far is rejected (400, page-token error). */
  expirePageTokens(): void;
  /** The variants in play. */
  variants(): Variants;
  /** Merges a partial set of variants; returns the result. */
  setVariants(patch: Partial<Variants>): Variants;
  /** The fault configuration in play. */
  faults(): FaultConfig;
  /** Replaces the fault configuration (`{}` clears it) and restarts its deterministic schedule. */
  setFaults(config: FaultConfig): void;
  /** The next `count` API requests (for 'pageTokenExpired': the next requests carrying a token) fail so. */
  failNext(kind: FaultKind, count?: number): void;
  /** The limits in play. */
  rateLimit(): RateLimit;
  /** Changes the quotas; the per-second bucket starts full, today's count is kept. */
  setRateLimit(setting: RateLimitSetting): RateLimit;
  /** Last `limit` requests, oldest first; never contains Authorization headers or tokens. */
  requestLog(limit?: number): RequestLogEntry[];
  /** Zeroes the counters of `sandbox.stats()`. */
  resetStats(): void;
}

export function createControl(state: SandboxState): SandboxControl {
  return {
    clock: {
      now: () => state.clock.now(),
      nowIso: () => new Date(state.clock.now()).toISOString(),
      advance: (ms) => state.clock.advance(ms),
      set: (to) => state.clock.set(to),
    },
    revokeTokens: () => state.tokens.revokeAll(),
    expirePageTokens: () => {
      state.pageTokenFloor = state.pageTokenSeq;
    },
    variants: () => ({ ...state.variants }),
    setVariants: (patch) => {
      state.variants = mergeVariants(state.variants, patch as Record<string, unknown>);
      state.countCache.clear();
      return { ...state.variants };
    },
    faults: () => structuredClone(state.faults.config()),
    setFaults: (config) => {
      state.faults.set(validateFaults(structuredClone(config)));
      state.loopTokens.clear();
    },
    failNext: (kind, count = 1) => state.faults.failNext(kind, count),
    rateLimit: () => ({ ...state.rateLimit }),
    setRateLimit: (setting) => {
      const limit = resolveRateLimit(setting);
      const fresh = initialRateState(limit, state.clock.now());
      state.rateLimit = limit;
      state.rateState = { ...fresh, day: state.rateState.day, usedToday: state.rateState.usedToday };
      return { ...limit };
    },
    requestLog: (limit) => state.stats.log(limit),
    resetStats: () => state.stats.reset(),
  };
}
