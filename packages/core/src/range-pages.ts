/**
 * Paging a whole range: its windows run concurrently under the one shared rate budget, each window's
 * records exactly once (restarts are deduplicated in `windowPages`; records on a shared edge here), and a
 * window starts only when today's quota can finish it (`quota-admission.ts`).
 */
import { createIdSet, type SeenIds } from './id-set.ts';
import { mergeBounded } from './merge.ts';
import type { CostEstimate } from './plan.ts';
import type { SmsFilters } from './query.ts';
import { createQuotaAdmission } from './quota-admission.ts';
import type { RequestContext } from './request.ts';
import { stealPages } from './steal-pages.ts';
import { type SmsPageResult, type WindowCursor, windowPages } from './window-pages.ts';
import { type TimeWindow, touchesSharedEdge } from './windows.ts';

/**
 * Options of `client.sms.pages`, `records` and `collect`: concurrency, page size, windows, cost estimate and resumption.
 *
 * @example
 * for await (const page of client.sms.pages(query, { concurrency: 8, pageSize: 100, signal })) await land(page.records);
 */
export interface PagesOptions {
  /** Windows paged at once, sharing the rate budget. Default 4. */
  readonly concurrency?: number | undefined;
  /** Records per request, 1–100. Default 100 (bulk reads use the maximum). */
  readonly pageSize?: number | undefined;
  /** Windows to page instead of month windows of the query's range (for example sub-windows from a plan). */
  readonly windows?: readonly TimeWindow[] | undefined;
  /**
   * First pages already fetched (by `planExport`'s probes), by window id: delivered first, then each window
   * resumes from the page's cursor, so the probe request is not spent twice.
   */
  readonly prefetched?: ReadonlyMap<string, SmsPageResult> | undefined;
  /** The cost estimate of the plan the windows come from: its per-window request counts let a window start only when today's
   * quota can finish it (see quota-admission.ts). */
  readonly estimate?: CostEstimate | undefined;
  /**
   * Split by records, lazily (issue #13): cursors take windows one by one, and an idle cursor takes the
   * lower part of the busiest one's remaining range (steal-pages.ts) — no probes, about one page per split.
   * `windows` should then be whole month windows; `estimate` and `cursors` are not used. Default false.
   */
  readonly steal?: boolean | undefined;
  /** With `steal`: the round trip (ms) split decisions assume instead of the one measured. */
  readonly latencyMs?: number | undefined;
  /** Checkpointed cursors by window id, to resume. */
  readonly cursors?: Readonly<Record<string, WindowCursor>> | undefined;
  /** Stops paging (`ZoomAbortError`). */
  readonly signal?: AbortSignal | undefined;
}

/** The compact seen-set of a window whose first page was prefetched. */
function seenOf(first: SmsPageResult): SeenIds {
  const seen = createIdSet();
  for (const r of first.records) seen.add(r.engagement_id);
  return seen;
}

export async function* rangePages(
  ctx: RequestContext,
  windows: readonly TimeWindow[],
  filters: SmsFilters,
  opts: PagesOptions & { readonly pageSize: number; readonly concurrency: number },
): AsyncGenerator<SmsPageResult> {
  const { pageSize, concurrency } = opts;
  if (opts.steal) {
    yield* stealPages(ctx, windows, filters, opts);
    return;
  }
  // Records on a shared edge may come from both neighbours: the first one wins (see windows.ts).
  const edgeIds = new Set<string>();
  const firstWins = (result: SmsPageResult): SmsPageResult => ({
    ...result,
    records: result.records.filter((r) => {
      if (!touchesSharedEdge(r, result.window)) return true;
      if (edgeIds.has(r.engagement_id)) return false;
      edgeIds.add(r.engagement_id);
      return true;
    }),
  });
  const admission = createQuotaAdmission(ctx.budget);
  const planned = new Map(opts.estimate?.windows.map((w) => [w.window.id, w.requests]) ?? []);
  const pagesLeft = (cursor: WindowCursor): number =>
    cursor.totalRecords === undefined
      ? 1
      : Math.max(0, Math.ceil(cursor.totalRecords / pageSize) - (cursor.chainPages ?? cursor.pages));
  yield* mergeBounded(windows, concurrency, (window, isStopped) =>
    (async function* () {
      const first = opts.prefetched?.get(window.id);
      if (first) yield firstWins(first);
      if (isStopped() || first?.cursor.done) return;
      await admission.admit(
        window.id,
        first ? pagesLeft(first.cursor) : (planned.get(window.id) ?? 1),
        opts.signal,
      );
      try {
        for await (const result of windowPages(ctx, window, filters, {
          pageSize,
          cursor: first?.cursor ?? opts.cursors?.[window.id],
          seen: first ? seenOf(first) : undefined,
          signal: opts.signal,
        })) {
          admission.update(window.id, pagesLeft(result.cursor));
          yield firstWins(result);
          if (isStopped()) return;
        }
      } finally {
        admission.finish(window.id);
      }
    })(),
  );
}
