/**
 * Plans an export or backfill against the live API: one `page_size=1` probe per month window for
 * `total_records`, then (with `favor: 'time'`) bisects windows too big for one cursor, probing one half of
 * each split. Returns the cost estimate, the windows to page (sub-windows included) and the concurrency that keeps
 * the rate limit busy.
 */
import type { ZoomClient } from './client.ts';
import { MAX_CONCURRENCY } from './limits.ts';
import { mergeBounded } from './merge.ts';
import { type CostEstimate, type EstimateLimits, estimateCost, requestsFor } from './plan.ts';
import type { SmsFilters, SmsQuery } from './query.ts';
import {
  cursorsForRate,
  extraRequestAllowance,
  type Favor,
  recommendedConcurrency,
  SPLIT_COST,
  tailHeavyCount,
  targetPagesPerCursor,
} from './split-policy.ts';
import { expectedSplitRequests } from './steal-policy.ts';
import type { SmsPageResult } from './window-pages.ts';
import { splitWindow, type TimeWindow } from './windows.ts';

/** How `planExport` plans: the trade-off, page size, cursors, limits and probes. All optional. */
export interface PlanOptions {
  /** Default `time`: spend up to `maxExtraShare` extra requests to finish sooner. */
  readonly favor?: Favor | undefined;
  /** Extra requests `favor: 'time'` may spend on splits, as a share of the minimum. Default 0.05. */
  readonly maxExtraShare?: number | undefined;
  /** Records per request the export will use. Default 100. */
  readonly pageSize?: number | undefined;
  /** Cursors to use; default recommended from the measured latency. */
  readonly concurrency?: number | undefined;
  /**
   * The whole job's limits, when this client holds only a share of them (a worker among several): the split
   * target and the recommended concurrency are then computed for the job, not for this client's slice.
   */
  readonly limits?: EstimateLimits | undefined;
  /** Round trip (ms) to assume instead of the one the probes measured. */
  readonly latencyMs?: number | undefined;
  /**
   * Probe each month with a full first page (default) rather than `page_size=1`: the page is the window's
   * first page of the export too (returned in `prefetched`), so probing an unsplit window costs nothing.
   * A plan that will not be followed by an export (`zcc-sms plan`) probes with `page_size=1` instead.
   */
  readonly prefetch?: boolean | undefined;
  /** Probes in flight while planning. Default: one per window, at most 16 (the budget paces them). */
  readonly probeConcurrency?: number | undefined;
  /**
   * How busy windows get more than one cursor: `probe` (default) bisects them before paging, probing halves;
   * `steal` keeps month windows and lets idle cursors split the busiest one while paging (`steal: true` in
   * `client.sms.pages`) — no probe, about one page per split, and concurrency is not capped by the windows.
   */
  readonly split?: 'probe' | 'steal' | undefined;
  /**
   * Cursors each window may split into while it is paged (`client.sms.windowPages` with `cursors`, as a
   * backfill's window activity does), so the estimate counts those splits' requests. Ignored with
   * `split: 'steal'`, which counts its own. Default 1 (windows paged by one cursor each).
   */
  readonly cursorsPerWindow?: number | undefined;
  /** Stops planning (the probes in flight are aborted). */
  readonly signal?: AbortSignal | undefined;
}

/** The schedule of an export or backfill: which windows to page, with how many cursors, and what it costs. */
export interface ExportPlan {
  /** What paging the windows costs: records, requests, time and days of quota. */
  readonly estimate: CostEstimate;
  /** Windows to page, sub-windows included, largest first. */
  readonly windows: readonly TimeWindow[];
  /** Windows to page at once: enough cursors to keep the rate limit busy at the measured latency. */
  readonly concurrency: number;
  /** Round trip measured by the probes (ms). */
  readonly latencyMs: number;
  /** First pages fetched by the probes, by window id: pass to `client.sms.pages` as `prefetched`. */
  readonly prefetched: ReadonlyMap<string, SmsPageResult>;
}

interface Probe {
  readonly count: number;
  readonly first?: SmsPageResult | undefined;
}

async function probeOne(
  client: ZoomClient,
  window: TimeWindow,
  filters: SmsFilters,
  pageSize: number | undefined,
  signal: AbortSignal | undefined,
): Promise<Probe> {
  if (pageSize === undefined) return { count: await client.sms.count(window, filters, { signal }) };
  const pages = client.sms.windowPages(window, filters, { pageSize, signal });
  try {
    const { value } = await pages.next();
    if (!value) return { count: 0 };
    return { count: value.page.total_records ?? value.page.sms.length, first: value };
  } finally {
    await pages.return(undefined);
  }
}

async function probeAll(
  client: ZoomClient,
  windows: readonly TimeWindow[],
  filters: SmsFilters,
  pageSize: number | undefined,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<Probe[]> {
  const probes = new Array<Probe>(windows.length).fill({ count: 0 });
  const indexed = windows.map((w, i) => ({ w, i }));
  for await (const [i, probe] of mergeBounded(indexed, concurrency, ({ w, i }) =>
    (async function* () {
      yield [i, await probeOne(client, w, filters, pageSize, signal)] as const;
    })(),
  )) {
    probes[i] = probe;
  }
  return probes;
}

function limitsOf(client: ZoomClient): EstimateLimits {
  const state = client.budget.state();
  return { perSecond: state.configuredRate, daily: state.dailyLimit };
}

/**
 * Plans an export against the live API (see the module comment): probes, splits busy months under
 * `favor: 'time'`, and recommends a concurrency.
 *
 * @example
 * const plan = await planExport(client, { from: '2025-01-01', to: '2025-12-31' }, { favor: 'quota' });
 * console.log(plan.estimate.totalRequests, plan.windows.length, plan.concurrency);
 * for await (const sms of client.sms.records({ from: '2025-01-01', to: '2025-12-31' }, { windows: plan.windows, concurrency: plan.concurrency, prefetched: plan.prefetched })) save(sms);
 */
export async function planExport(
  client: ZoomClient,
  query: SmsQuery = {},
  options: PlanOptions = {},
): Promise<ExportPlan> {
  const pageSize = options.pageSize ?? 100;
  const { from: _f, to: _t, page_size: _p, next_page_token: _n, ...filters } = query;
  const monthWindowsList = client.windowsFor(query);
  const probeConcurrency = options.probeConcurrency ?? Math.min(16, Math.max(1, monthWindowsList.length));
  const prefetch = options.prefetch ?? true;
  const probes = await probeAll(
    client,
    monthWindowsList,
    filters,
    prefetch ? pageSize : undefined,
    probeConcurrency,
    options.signal,
  );
  const counts = probes.map((p) => p.count);
  // A prefetched first page is one of the window's own requests, unless the window gets split.
  let probeRequests = prefetch ? 0 : monthWindowsList.length;
  const prefetched = new Map<string, SmsPageResult>();
  monthWindowsList.forEach((w, i) => {
    const first = probes[i]?.first;
    if (first) prefetched.set(w.id, first);
  });
  const limits = options.limits ?? limitsOf(client);
  const latencyMs = options.latencyMs ?? client.stats().latencyMs;

  let pieces = monthWindowsList.map((window, i) => ({ window, records: counts[i] ?? 0 }));
  const baseRequests = pieces.reduce((s, p) => s + requestsFor(p.records, pageSize), 0);
  const target = targetPagesPerCursor(baseRequests, limits.perSecond, latencyMs);
  const stealing = options.split === 'steal';
  let allowance = stealing
    ? 0
    : extraRequestAllowance(options.favor ?? 'time', baseRequests, options.maxExtraShare);

  // Rounds of bisection: every piece too long for one cursor is split in the same round, its halves probed
  // concurrently, so planning costs a few round trips rather than one per split.
  const cursorsNeeded = (limits.perSecond * latencyMs) / 1000;
  while (allowance >= SPLIT_COST) {
    pieces.sort((a, b) => b.records - a.records);
    const pages = pieces.map((p) => requestsFor(p.records, pageSize));
    let chosen = pieces.filter((_, i) => pages[i]! > target);
    if (chosen.length === 0) chosen = pieces.slice(0, tailHeavyCount(pages, cursorsNeeded));
    // A split costs a probe and a partial last page, plus the refetch of a prefetched first page.
    const affordable: typeof chosen = [];
    for (const piece of chosen) {
      const cost = SPLIT_COST + (prefetched.has(piece.window.id) ? 1 : 0);
      if (cost > allowance || splitWindow(piece.window, 2).length < 2) continue;
      allowance -= cost;
      affordable.push(piece);
    }
    chosen = affordable;
    if (chosen.length === 0) break;
    const halves = chosen.map((p) => splitWindow(p.window, 2));
    const counts = await probeAll(
      client,
      halves.map((h) => h[0]!),
      filters,
      undefined,
      probeConcurrency,
      options.signal,
    );
    probeRequests += chosen.length;
    const replaced = new Set(chosen);
    const next = pieces.filter((p) => !replaced.has(p));
    chosen.forEach((piece, k) => {
      // The split window's prefetched first page will be fetched again by its newest half.
      if (prefetched.delete(piece.window.id)) probeRequests += 1;
      const firstRecords = Math.min(counts[k]?.count ?? 0, piece.records);
      next.push(
        { window: halves[k]![0]!, records: firstRecords },
        { window: halves[k]![1]!, records: piece.records - firstRecords },
      );
    });
    pieces = next;
  }
  // Largest first (longest-processing-time order): the big windows start while the small ones fill gaps.
  pieces.sort((a, b) => b.records - a.records);
  const windows = pieces.map((p) => p.window);
  // Stealing: as many cursors as keep the rate limit busy, whatever the number of windows.
  const concurrency =
    options.concurrency ??
    (stealing
      ? Math.min(MAX_CONCURRENCY, cursorsForRate(limits.perSecond, latencyMs))
      : recommendedConcurrency(limits.perSecond, latencyMs, windows.length));
  // Cursors paging at once: the stealing export's, or each window's own up to what keeps the rate busy.
  const pagingCursors = stealing
    ? concurrency
    : Math.min(cursorsForRate(limits.perSecond, latencyMs), windows.length * (options.cursorsPerWindow ?? 1));
  const estimate = estimateCost({
    windows,
    counts: pieces.map((p) => p.records),
    pageSize,
    limits,
    now: client.now(),
    usedToday: client.budget.state().usedToday,
    probeRequests,
    splitRequests: expectedSplitRequests(baseRequests, pagingCursors, windows.length),
  });
  return { estimate, windows, concurrency, latencyMs, prefetched };
}
