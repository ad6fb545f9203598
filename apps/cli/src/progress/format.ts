/**
 * Pure formatting for progress lines and summaries: counts, durations, rates, instants.
 */

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1h 02m`, `3m 05s`, `4.2s`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(sec).padStart(2, '0')}s`;
}

/** `2026-01-02T00:00:00Z` (UTC, second precision). */
export function instant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function rate(perSecond: number): string {
  return perSecond >= 100 ? count(perSecond) : perSecond.toFixed(1);
}

/** One window in flight, for the terminal display's per-window lines. */
export interface WindowProgress {
  readonly id: string;
  /** Records and pages so far; unknown for a backfill window whose first heartbeat has not arrived. */
  readonly records: number | undefined;
  readonly pages: number | undefined;
  /** Pages the plan expects for it, when known. */
  readonly plannedPages?: number | undefined;
  /** What it is doing: `fetching`, `waiting for the daily quota`, `retrying (attempt 2) after …`. */
  readonly state: string;
}

export interface ProgressSnapshot {
  readonly windowsDone: number;
  readonly windowsTotal: number;
  readonly records: number;
  readonly requests: number;
  /** Requests per second over the last few seconds. */
  readonly requestRate: number;
  readonly recordRate: number;
  /** Estimated records in total (known window totals, extrapolated to windows not started yet). */
  readonly estimatedTotal?: number | undefined;
  /** Time left as estimated by the source itself (the backfill workflow), preferred over the record rate. */
  readonly etaMs?: number | undefined;
  readonly elapsedMs: number;
  /** Epoch ms until which the run waits for the daily quota. */
  readonly waitingUntil?: number | undefined;
  /** Free text state, e.g. `paused`. */
  readonly state?: string | undefined;
  /** Pages (requests) fetched by windows and what the plan expects in all, for the bar when known. */
  readonly pagesDone?: number | undefined;
  readonly pagesPlanned?: number | undefined;
  /** Requests per second the budget allows now (the limit the rate is measured against). */
  readonly rateLimit?: number | undefined;
  /** Requests left of today's quota (UTC day), and the quota. */
  readonly quotaLeft?: number | undefined;
  readonly dailyLimit?: number | undefined;
  /** Windows in flight. */
  readonly windows?: readonly WindowProgress[] | undefined;
  /** The latest retry or rate-limit event of the run, e.g. `retrying after ZoomServerError 503`. */
  readonly notice?: string | undefined;
}

/** Milliseconds left, from the record rate; `undefined` when unknown. */
export function eta(p: ProgressSnapshot): number | undefined {
  if (p.etaMs !== undefined) return p.etaMs;
  if (p.estimatedTotal === undefined || p.recordRate <= 0) return undefined;
  return (Math.max(0, p.estimatedTotal - p.records) / p.recordRate) * 1000;
}

export function progressLine(p: ProgressSnapshot, now: number): string {
  const parts = [
    `windows ${p.windowsDone}/${p.windowsTotal}`,
    `${count(p.records)}${p.estimatedTotal !== undefined ? `/~${count(p.estimatedTotal)}` : ''} records`,
    `${count(p.requests)} requests`,
    `${rate(p.requestRate)} req/s`,
  ];
  if (p.state) parts.push(p.state);
  if (p.waitingUntil !== undefined && p.waitingUntil > now) {
    parts.push(`waiting for quota until ${instant(p.waitingUntil)} (${duration(p.waitingUntil - now)})`);
  } else {
    const left = eta(p);
    parts.push(`ETA ${left === undefined ? '?' : duration(left)}`);
  }
  parts.push(duration(p.elapsedMs));
  return parts.join(' · ');
}
