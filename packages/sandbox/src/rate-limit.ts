/**
 * HEAVY-label quotas per account (Zoom rate-limits page): Pro 5/s + 15,000/day, Business+ 10/s + 30,000/day.
 * Per second: a token bucket of capacity `perSecond` refilled continuously on the sandbox clock — Zoom's
 * exact algorithm is unknown (assumed); with it an evenly paced client at the limit never sees a 429.
 * Daily: a counter reset at 00:00 UTC (forum answer by Zoom staff; UNCONFIRMED for Contact Center).
 * Rejected requests consume nothing (assumed).
 */
import { nextUtcMidnightMs } from './dates.ts';

/** The sandbox's current limits; `null` means unlimited. */
export interface RateLimit {
  /** Requests per second; `null`: unlimited. */
  perSecond: number | null;
  /** Requests per UTC day; `null`: unlimited. */
  daily: number | null;
}

/**
 * A rate limit to apply: Zoom's `pro` or `business` plan, `none`, or explicit limits.
 *
 * @example
 * const sandbox = await startSandbox({ rateLimit: 'pro' }); // 5 requests a second, 15,000 a day
 */
export type RateLimitSetting =
  | 'pro'
  | 'business'
  | 'none'
  | { perSecond?: number | null; daily?: number | null };

export function resolveRateLimit(setting: RateLimitSetting): RateLimit {
  if (setting === 'pro') return { perSecond: 5, daily: 15_000 };
  if (setting === 'business') return { perSecond: 10, daily: 30_000 };
  if (setting === 'none') return { perSecond: null, daily: null };
  if (typeof setting !== 'object' || setting === null)
    throw new Error(`Invalid rate limit: ${String(setting)}`);
  return { perSecond: setting.perSecond ?? null, daily: setting.daily ?? null };
}

export interface RateState {
  tokens: number;
  refilledAtMs: number;
  day: number;
  usedToday: number;
}

export type RateDecision =
  | { kind: 'ok'; dailyRemaining: number | null }
  | { kind: 'perSecond'; retryAtMs: number }
  | { kind: 'daily'; retryAtMs: number };

export function initialRateState(limit: RateLimit, nowMs: number): RateState {
  return {
    tokens: limit.perSecond ?? 0,
    refilledAtMs: nowMs,
    day: Math.floor(nowMs / 86_400_000),
    usedToday: 0,
  };
}

/** Pure: the decision and the state after it. */
export function decideRate(
  state: RateState,
  limit: RateLimit,
  nowMs: number,
): { decision: RateDecision; state: RateState } {
  const day = Math.floor(nowMs / 86_400_000);
  let next: RateState = day === state.day ? { ...state } : { ...state, day, usedToday: 0 };
  if (limit.perSecond !== null) {
    const elapsed = Math.max(0, nowMs - next.refilledAtMs);
    next.tokens = Math.min(limit.perSecond, next.tokens + (elapsed * limit.perSecond) / 1000);
    next.refilledAtMs = Math.max(nowMs, next.refilledAtMs);
  }
  if (limit.daily !== null && next.usedToday >= limit.daily) {
    return { decision: { kind: 'daily', retryAtMs: nextUtcMidnightMs(nowMs) }, state: next };
  }
  if (limit.perSecond !== null) {
    // Tolerate float rounding so that exact 1/perSecond pacing never trips the bucket.
    if (next.tokens < 1 - 1e-9) {
      const waitMs = ((1 - next.tokens) * 1000) / limit.perSecond;
      return { decision: { kind: 'perSecond', retryAtMs: nowMs + waitMs }, state: next };
    }
    next = { ...next, tokens: Math.max(0, next.tokens - 1) };
  }
  next.usedToday++;
  return {
    decision: { kind: 'ok', dailyRemaining: limit.daily === null ? null : limit.daily - next.usedToday },
    state: next,
  };
}

/** Retry-After: ISO timestamp (Zoom docs) or whole delta seconds, rounded up. */
export function retryAfterValue(retryAtMs: number, nowMs: number, style: 'iso' | 'seconds'): string {
  if (style === 'seconds') return String(Math.max(1, Math.ceil((retryAtMs - nowMs) / 1000)));
  return `${new Date(Math.ceil(retryAtMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
