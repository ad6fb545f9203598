/**
 * The series zcc-sms serves at `/metrics` (Prometheus naming: base units, `_total` counters, `_seconds`
 * durations). Fed by the core's request observer (one event per HTTP attempt, so
 * `zcc_sms_requests_total` counts exactly what Zoom saw) and by whoever runs windows (the worker's
 * activities, or `zcc-sms export`); the budget gauges are read from the rate budget when scraped.
 * No label carries a window id, account or anything else unbounded or personal.
 */
import type { RateBudgetState, RequestEvent, RequestObserver } from '@zcc-sms/core';
import { createMetricsRegistry } from './prometheus-text.ts';

/** Seconds of requests the utilization gauge looks back over. */
const UTILIZATION_WINDOW_S = 10;
/** Request latency buckets (s): Zoom answers a page in 100 ms – 2 s; slow proxies take longer. */
const REQUEST_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Window duration buckets (s): a month window takes seconds to hours, longer when it waits for a quota. */
const WINDOW_BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 14_400, 86_400];

/**
 * Metrics of one process running backfill windows or an export; `render()` is the `/metrics` text.
 *
 * @example
 * const metrics = createBackfillMetrics();
 * const worker = await createBackfillWorker({ ...workerConfigFromEnv(process.env), metrics });
 * const server = await startMetricsServer({ port: 9464, metrics });
 */
export interface BackfillMetrics {
  /** Pass to the Zoom client (`observer`): counts requests, 429s, retries, token refreshes, pages. */
  readonly observer: RequestObserver;
  /** A window began (or resumed) running here. */
  windowStarted(windowId: string): void;
  /** Records landed: committed by a window's sink (repeats dropped), or written by the export. */
  recordsLanded(count: number): void;
  /** A window stopped running here, done or not. */
  windowEnded(windowId: string): void;
  /** Where the budget gauges read from: the account budget's state, or `undefined` before there is one. */
  watchBudget(state: () => RateBudgetState | undefined): void;
  /** Every series in Prometheus' text format. */
  render(): string;
}

/** Options of `createBackfillMetrics`. */
export interface BackfillMetricsOptions {
  /** Epoch ms, for window durations and utilization. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /**
   * Whether windows are reported (`windowStarted`/`windowEnded`). Default true; `zcc-sms export` pages
   * windows inside the core and says false, so `zcc_sms_windows_in_flight` is left out rather than a false 0.
   */
  readonly windows?: boolean | undefined;
}

/** What `zcc_sms_requests_total`'s `status` label says of an attempt: the HTTP status, or why none came. */
export function statusLabel(event: RequestEvent): string {
  return event.status === undefined ? (event.networkError ?? 'other') : String(event.status);
}

/**
 * A fresh set of zcc-sms metrics (counters at zero).
 *
 * @example
 * const metrics = createBackfillMetrics();
 * const client = createNodeZoomClient({ auth, observer: metrics.observer });
 * console.log(metrics.render()); // zcc_sms_requests_total{status="200"} 12 …
 */
export function createBackfillMetrics(options: BackfillMetricsOptions = {}): BackfillMetrics {
  const now = options.now ?? Date.now;
  const registry = createMetricsRegistry();
  const requests = registry.counter('zcc_sms_requests_total', 'HTTP attempts to List SMS, by status');
  const limited = registry.counter('zcc_sms_rate_limited_total', '429 answers from Zoom, by limit kind');
  const retries = registry.counter(
    'zcc_sms_retries_total',
    'Attempts after the first of a request (faults, per-second 429s, token replays)',
  );
  const refreshes = registry.counter(
    'zcc_sms_token_refreshes_total',
    'Requests replayed with a new access token after Zoom rejected one',
  );
  const pages = registry.counter('zcc_sms_pages_total', 'Pages received from List SMS');
  const landed = registry.counter(
    'zcc_sms_records_landed_total',
    'Records landed: committed windows (worker) or written records (export)',
  );
  const latency = registry.histogram(
    'zcc_sms_request_duration_seconds',
    'Round-trip time of an HTTP attempt, budget waits excluded',
    REQUEST_BUCKETS,
  );
  const windowDuration = registry.histogram(
    'zcc_sms_window_duration_seconds',
    'Time a window ran here, from start (or resume) to its end',
    WINDOW_BUCKETS,
  );
  const running = new Map<string, number>();
  const recent: number[] = [];
  let budget: () => RateBudgetState | undefined = () => undefined;
  const sentRecently = () => {
    const since = now() - UTILIZATION_WINDOW_S * 1000;
    let old = 0;
    while (old < recent.length && recent[old]! < since) old += 1;
    recent.splice(0, old); // one splice, not a shift per entry: the list can hold many seconds of requests
    return recent.length;
  };
  registry.gauge(
    'zcc_sms_budget_rate_per_second',
    'Requests per second the budget allows now',
    () => budget()?.rate,
  );
  registry.gauge(
    'zcc_sms_budget_utilization_ratio',
    `Requests sent over the last ${UTILIZATION_WINDOW_S} s against what the budget allowed`,
    () => {
      const rate = budget()?.rate;
      return rate === undefined || rate <= 0 ? undefined : sentRecently() / (rate * UTILIZATION_WINDOW_S);
    },
  );
  registry.gauge(
    'zcc_sms_daily_quota_used',
    'Requests spent today (UTC) by this budget',
    () => budget()?.usedToday,
  );
  registry.gauge('zcc_sms_daily_quota_remaining', 'Requests left today (UTC) in this budget', () => {
    const state = budget();
    return state === undefined ? undefined : Math.max(0, state.dailyLimit - state.usedToday);
  });
  const windows = options.windows ?? true;
  registry.gauge('zcc_sms_windows_in_flight', 'Windows running in this process now', () =>
    windows ? running.size : undefined,
  );

  return {
    observer: {
      onRequest(event) {
        requests.inc({ status: statusLabel(event) });
        if (event.rateLimit !== 'none') limited.inc({ kind: event.rateLimit });
        if (event.attempt > 1) retries.inc();
        if (event.tokenRefresh) refreshes.inc();
        if (event.records !== undefined) pages.inc();
        latency.observe(event.latencyMs / 1000);
        recent.push(now());
        if (recent.length > 10_000) sentRecently(); // bounded when nobody scrapes
      },
    },
    windowStarted(windowId) {
      running.set(windowId, now());
    },
    recordsLanded(count) {
      landed.inc({}, count);
    },
    windowEnded(windowId) {
      const started = running.get(windowId);
      if (started === undefined) return;
      running.delete(windowId);
      windowDuration.observe((now() - started) / 1000);
    },
    watchBudget(state) {
      budget = state;
    },
    render: () => registry.render(),
  };
}
