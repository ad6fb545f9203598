/**
 * When to split a window into sub-windows so several cursors share the rate budget. Pure.
 *
 * A single cursor runs at one page per round trip: at 300 ms latency, 3.3 pages/s, a third of Business+'s
 * 10 req/s. A job finishes no sooner than max(total requests ÷ rate, the longest window's pages × latency),
 * so a window whose pages × latency exceed the job's time at the rate limit is split until no piece does.
 * A split costs up to two requests: one `page_size=1` probe to count a half, and one partial last page.
 * `favor: 'quota'` never spends them; `favor: 'time'` spends at most `maxExtraShare` of the job's requests.
 */

/** What window splitting optimizes: `time` (spend a few extra requests to finish sooner) or `quota` (spend none). */
export type Favor = 'time' | 'quota';

/** Requests one split may cost: the probe of a half and a partial last page. */
export const SPLIT_COST = 2;

/** Pages one cursor can fetch while the whole job runs at the rate limit (with 20 % slack). */
export function targetPagesPerCursor(totalRequests: number, perSecond: number, latencyMs: number): number {
  if (latencyMs <= 0) return Number.POSITIVE_INFINITY;
  const jobSeconds = totalRequests / perSecond;
  return Math.max(1, Math.floor((0.8 * jobSeconds) / (latencyMs / 1000)));
}

/**
 * How many of the biggest pieces would run without enough company at the end: those exceeding the piece
 * ranked `cursorsNeeded` (rate × latency, 1-based) by more than 15 % + 2 pages. When they finish last,
 * fewer cursors than needed remain and the rate limit goes idle. Sizes are sorted biggest first.
 */
export function tailHeavyCount(sortedPages: readonly number[], cursorsNeeded: number): number {
  const rank = Math.min(sortedPages.length - 1, Math.max(1, Math.ceil(cursorsNeeded) - 1));
  if (rank < 1) return 0;
  const threshold = 1.15 * (sortedPages[rank] ?? 0) + 2;
  let n = 0;
  while (n < rank && (sortedPages[n] ?? 0) > threshold) n++;
  return n;
}

/** True when at least the biggest piece would run alone at the end (see `tailHeavyCount`). */
export function unbalancedTail(sortedPages: readonly number[], cursorsNeeded: number): boolean {
  return tailHeavyCount(sortedPages, cursorsNeeded) > 0;
}

/** Extra requests the policy may spend on splitting. */
export function extraRequestAllowance(favor: Favor, totalRequests: number, maxExtraShare = 0.05): number {
  return favor === 'quota' ? 0 : Math.floor(totalRequests * maxExtraShare);
}

/**
 * Requests in flight that keep `perSecond` busy at `latencyMs` (Little's law, 25 % headroom, plus one):
 * the cursors a job with work stealing runs, whatever its number of windows.
 *
 * @example
 * cursorsForRate(10, 300); // 5
 */
export function cursorsForRate(perSecond: number, latencyMs: number): number {
  return Math.ceil(perSecond * (Math.max(latencyMs, 1) / 1000) * 1.25) + 1;
}

/**
 * Cursors to run: at least what keeps `perSecond` requests in flight at `latencyMs` (Little's law, with
 * headroom), and otherwise one per window up to `max`. Extra cursors cost no requests — the shared budget
 * paces them — but they shorten the tail: when the last windows run alone, fewer than rate × latency
 * cursors cannot keep the rate limit busy.
 *
 * @example
 * recommendedConcurrency(5, 800, 12); // 12: one cursor per window
 * recommendedConcurrency(10, 2000, 3); // 3: never more cursors than windows
 */
export function recommendedConcurrency(
  perSecond: number,
  latencyMs: number,
  windows: number,
  max = 32,
): number {
  const inFlight = cursorsForRate(perSecond, latencyMs);
  return Math.max(1, Math.min(Math.max(inFlight, windows), max, Math.max(windows, 1)));
}
