/**
 * How the account's limits are split between the workers that spend them (pure; the account-budget
 * workflow holds the state, budget-lease.ts is the worker's side). Each worker holds one lease on its
 * account, weighted by the windows (and plans) it runs, and renews it every couple of seconds.
 *
 * The invariant: the grants of the live leases never sum above the account's limits. A holder gets its
 * fair share (limit × its weight ÷ all weights) but never more than what the other live leases leave
 * free, so a newcomer starts small and grows as the others shrink on their next renewal. A lease that is
 * not renewed within its time to live (a SIGKILLed worker) stops counting, and its share goes to the others.
 *
 * The daily quota is split the same way: a grant carries an allowance of requests the holder may spend
 * before its next renewal, out of what is left today after what every holder reported spending.
 */
import { nextUtcMidnight } from '@zcc-sms/core/windows';

/** The account's limits as one holder reads them (its backfills' rate options, times `--share`). */
export interface LeaseLimits {
  readonly perSecond: number;
  readonly daily: number;
}

/** A renewal: who asks, how much work it carries, how it reads the limits, what it spent since last time. */
export interface LeaseRequest {
  /** One per worker process. */
  readonly holder: string;
  /** Windows and plans the holder runs now (≥ 1). */
  readonly weight: number;
  readonly limits: LeaseLimits;
  /** Requests spent since the holder's previous renewal. */
  readonly spent: number;
  /** The API's clock at the holder (the daily quota resets at 00:00 UTC on Zoom's clock). */
  readonly apiNow: number;
}

/** What a holder may spend until `validForMs` after it sent the request. */
export interface LeaseGrant {
  readonly perSecond: number;
  /** Requests the holder may spend before its next renewal. */
  readonly daily: number;
  /** The holder's fair per-second share: below it, the holder renews sooner. */
  readonly fairPerSecond: number;
  /** Nothing is left of today's quota for anyone: a daily-quota stop, not a wait for a renewal. */
  readonly quotaSpent: boolean;
  /** When today's quota resets (API clock). */
  readonly resetAt: number;
  readonly validForMs: number;
}

/** One holder's lease in the coordinator's book: its weight, limits, grant and expiry (workflow time). */
export interface Lease {
  readonly weight: number;
  readonly limits: LeaseLimits;
  readonly perSecond: number;
  readonly daily: number;
  readonly expiresAt: number;
}

/** The coordinator's state; plain data, carried over continue-as-new. */
export interface LeaseBook {
  readonly leases: Readonly<Record<string, Lease>>;
  /** End (00:00 UTC, API clock) of the day `usedToday` counts. */
  readonly dayEnd: number;
  readonly usedToday: number;
}

export const EMPTY_BOOK: LeaseBook = { leases: {}, dayEnd: 0, usedToday: 0 };

/** The leases still alive at `now`. */
export function liveLeases(book: LeaseBook, now: number): Record<string, Lease> {
  const live: Record<string, Lease> = {};
  for (const [holder, lease] of Object.entries(book.leases)) if (lease.expiresAt > now) live[holder] = lease;
  return live;
}

/** Renews (or takes) `request.holder`'s lease at `now` for `ttlMs`: the new book and the grant. */
export function renewLease(
  book: LeaseBook,
  request: LeaseRequest,
  now: number,
  ttlMs: number,
): { book: LeaseBook; grant: LeaseGrant } {
  const others = liveLeases(book, now);
  delete others[request.holder];
  const day = nextUtcMidnight(request.apiNow);
  const usedToday = (day === book.dayEnd ? book.usedToday : 0) + Math.max(0, request.spent);
  const dayEnd = Math.max(day, book.dayEnd);
  // Holders that disagree about the limits cannot all be right; the strictest never earns a 429.
  const limits = Object.values(others).reduce(
    (a, l) => ({
      perSecond: Math.min(a.perSecond, l.limits.perSecond),
      daily: Math.min(a.daily, l.limits.daily),
    }),
    request.limits,
  );
  const weight = Math.max(1, request.weight);
  const share = weight / (weight + sum(others, (l) => l.weight));
  const fairPerSecond = limits.perSecond * share;
  const perSecond = clamp(fairPerSecond, limits.perSecond - sum(others, (l) => l.perSecond));
  const left = Math.max(0, limits.daily - usedToday);
  const daily = Math.floor(clamp(left * share, left - sum(others, (l) => l.daily)));
  const lease: Lease = { weight, limits: request.limits, perSecond, daily, expiresAt: now + ttlMs };
  return {
    book: { leases: { ...others, [request.holder]: lease }, dayEnd, usedToday },
    grant: { perSecond, daily, fairPerSecond, quotaSpent: left === 0, resetAt: dayEnd, validForMs: ttlMs },
  };
}

/** Ends a holder's lease at once (its work is done), counting what it spent. */
export function releaseLease(book: LeaseBook, holder: string, spent: number, now: number): LeaseBook {
  const leases = liveLeases(book, now);
  delete leases[holder];
  return { leases, dayEnd: book.dayEnd, usedToday: book.usedToday + Math.max(0, spent) };
}

function sum(leases: Record<string, Lease>, of: (l: Lease) => number): number {
  let total = 0;
  for (const lease of Object.values(leases)) total += of(lease);
  return total;
}

function clamp(fair: number, free: number): number {
  return Math.max(0, Math.min(fair, free));
}
