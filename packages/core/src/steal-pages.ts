/**
 * Paging a range with work stealing (issue #13): `concurrency` cursors take month windows one by one; when
 * none is left, an idle cursor takes the lower part of the busiest cursor's remaining range
 * (steal-policy.ts). No probe is spent: a window's size comes from its own first page, and a split costs
 * about one page. Every record once: records a victim drops are inside its thief's range; records both
 * fetch (on a boundary) are dropped by engagement id per month, and records on a month edge across months
 * (windows.ts). A page-token restart inside a cursor narrows as everywhere (window-pages.ts).
 */
import { createIdSet, type SeenIds } from './id-set.ts';
import { mergeBounded } from './merge.ts';
import type { SmsFilters } from './query.ts';
import { orderBroken, type RecordOrder } from './record-order.ts';
import type { RequestContext } from './request.ts';
import type { SmsRecord } from './response.ts';
import { belowBoundary, chooseSteal, type Density, densityOf } from './steal-policy.ts';
import { type SmsPageResult, windowPages } from './window-pages.ts';
import { formatInstant, parseZoomDate, type TimeWindow, touchesSharedEdge } from './windows.ts';

export interface StealPagesOptions {
  readonly pageSize: number;
  readonly concurrency: number;
  readonly prefetched?: ReadonlyMap<string, SmsPageResult> | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Round trip (ms) to assume for split decisions; default the measured one. */
  readonly latencyMs?: number | undefined;
}

/** One cursor: a month window's part `[lower, to]`, walked newest first. */
interface Walk {
  readonly month: TimeWindow;
  readonly window: TimeWindow;
  readonly first: SmsPageResult | undefined;
  /** Lower bound (ms): raised when a thief takes the part below. */
  lowerMs: number;
  /** `from` a thief of this walk sends (the month's own text until the first steal). */
  lowerText: string;
  /** True once a thief took a part below: records under `lowerMs` are the thief's. */
  raised: boolean;
  order: RecordOrder | undefined;
  /** Density of its last page: where a split leaves the victim half its records (steal-policy.ts). */
  nearAnchor: Density | undefined;
  estimatedRecords: number;
  finished: boolean;
  /** The walk this one took its range from, until its own first page tells its size. */
  victim: Walk | undefined;
}

function idOf(fromMs: number, toMs: number): string {
  const compact = (ms: number) => formatInstant(ms).replace(/[-:]/g, '');
  return `${compact(fromMs)}-${compact(toMs)}`;
}

function monthWalk(month: TimeWindow, first: SmsPageResult | undefined): Walk {
  return {
    month,
    window: month,
    first,
    lowerMs: parseZoomDate(month.from)?.ms ?? 0,
    lowerText: month.from,
    raised: false,
    order: undefined,
    nearAnchor: undefined,
    estimatedRecords: 0,
    finished: false,
    victim: undefined,
  };
}

export async function* stealPages(
  ctx: RequestContext,
  windows: readonly TimeWindow[],
  filters: SmsFilters,
  opts: StealPagesOptions,
): AsyncGenerator<SmsPageResult> {
  const { pageSize } = opts;
  const sizeOf = (w: TimeWindow) => opts.prefetched?.get(w.id)?.page.total_records ?? 0;
  // Biggest known months first: they are the last to finish otherwise.
  const queue = [...windows].sort((a, b) => sizeOf(b) - sizeOf(a));
  const walks: Walk[] = [];
  const seenByMonth = new Map<string, SeenIds>();
  const edgeIds = new Set<string>();
  let waiters: Array<() => void> = [];
  const changed = () => {
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };

  const nextWalk = async (): Promise<Walk | undefined> => {
    for (;;) {
      const month = queue.shift();
      if (month) {
        const walk = monthWalk(month, opts.prefetched?.get(month.id));
        walks.push(walk);
        return walk;
      }
      const steal = chooseSteal(walks, pageSize, {
        perSecond: ctx.budget.state().rate,
        latencyMs: Math.max(opts.latencyMs ?? ctx.stats.latencyMs, 1),
      });
      if (steal) {
        const victim = walks[steal.victim]!;
        const to = formatInstant(steal.boundaryMs);
        const thief: Walk = {
          month: victim.month,
          window: {
            id: idOf(victim.lowerMs, steal.boundaryMs),
            from: victim.lowerText,
            to,
            sharedEdges: victim.month.sharedEdges,
          },
          first: undefined,
          lowerMs: victim.lowerMs,
          lowerText: victim.lowerText,
          raised: victim.raised,
          order: undefined,
          nearAnchor: undefined,
          estimatedRecords: victim.estimatedRecords * steal.thiefShare,
          finished: false,
          victim,
        };
        victim.estimatedRecords -= thief.estimatedRecords;
        victim.lowerMs = steal.boundaryMs;
        victim.lowerText = to;
        victim.raised = true;
        ctx.stats.steals += 1;
        ctx.logger.debug('cursor split', { window: victim.window.id, thief: thief.window.id });
        walks.push(thief);
        return thief;
      }
      if (walks.every((w) => w.finished)) return undefined;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };

  /** The page as delivered: records the walk keeps and no other cursor delivered; whether it crossed its lower bound. */
  const take = (walk: Walk, result: SmsPageResult, firstOfWalk: boolean) => {
    walk.order = result.cursor.order;
    walk.nearAnchor = (walk.order && densityOf(result.page.sms, walk.order)) ?? walk.nearAnchor;
    const received = result.page.sms.length;
    if (firstOfWalk) {
      const size = Math.max(0, (result.page.total_records ?? received) - received);
      // A thief's first page counts its range exactly: what it holds is not left to its victim.
      if (walk.victim && !walk.victim.finished) {
        const drift = size + received - walk.estimatedRecords;
        // Unclamped: drifts arrive in any order, and one clamped at zero would be lost (steal-policy.ts).
        walk.victim.estimatedRecords -= drift;
      }
      walk.victim = undefined;
      walk.estimatedRecords = size;
    } else walk.estimatedRecords -= received;
    let seen = seenByMonth.get(walk.month.id);
    if (!seen) {
      seen = createIdSet();
      seenByMonth.set(walk.month.id, seen);
    }
    const records: SmsRecord[] = [];
    for (const r of result.records) {
      if (walk.raised && belowBoundary(r, walk.lowerMs)) continue;
      if (seen.has(r.engagement_id)) continue;
      seen.add(r.engagement_id);
      if (touchesSharedEdge(r, walk.month)) {
        if (edgeIds.has(r.engagement_id)) continue;
        edgeIds.add(r.engagement_id);
      }
      records.push(r);
    }
    // Newest first: once a record is below the bound, everything after it is too (the thief's). Without a
    // trusted order the walk goes on to its end, dropping what is below; the thief fetches it anyway.
    const crossed =
      walk.raised &&
      !orderBroken(walk.order ?? { startSorted: true, endSorted: true }) &&
      result.page.sms.some((r) => belowBoundary(r, walk.lowerMs));
    if (crossed || result.cursor.done) walk.finished = true;
    changed();
    return { page: { ...result, window: walk.month, records }, crossed };
  };

  async function* run(walk: Walk, isStopped: () => boolean): AsyncGenerator<SmsPageResult> {
    try {
      let firstOfWalk = true;
      if (walk.first) {
        const { page, crossed } = take(walk, walk.first, true);
        firstOfWalk = false;
        yield page;
        if (crossed || walk.first.cursor.done || isStopped()) return;
      }
      for await (const result of windowPages(ctx, walk.window, filters, {
        pageSize,
        cursor: walk.first?.cursor,
        seen: walk.first ? seenOf(walk.first) : undefined,
        signal: opts.signal,
      })) {
        const { page, crossed } = take(walk, result, firstOfWalk);
        firstOfWalk = false;
        yield page;
        if (crossed || isStopped()) return;
      }
    } finally {
      walk.finished = true;
      // No new cursor can start in a month whose cursors are all done: its id set can go.
      if (walks.every((w) => w.finished || w.month !== walk.month)) seenByMonth.delete(walk.month.id);
      changed();
    }
  }

  const slots = Array.from({ length: Math.max(1, opts.concurrency) }, (_, i) => i);
  yield* mergeBounded(slots, slots.length, (_slot, isStopped) =>
    (async function* () {
      for (;;) {
        const walk = await nextWalk();
        if (walk === undefined || isStopped()) return;
        yield* run(walk, isStopped);
      }
    })(),
  );
}

/** The compact seen-set of a walk whose first page was prefetched. */
function seenOf(first: SmsPageResult): SeenIds {
  const seen = createIdSet();
  for (const r of first.records) seen.add(r.engagement_id);
  return seen;
}
