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
import { initialCursor, type SmsPageResult, type WindowCursor, windowPages } from './window-pages.ts';
import { formatInstant, parseZoomDate, type TimeWindow, touchesSharedEdge } from './windows.ts';

export interface StealPagesOptions {
  readonly pageSize: number;
  readonly concurrency: number;
  readonly prefetched?: ReadonlyMap<string, SmsPageResult> | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Round trip (ms) to assume for split decisions; default the measured one. */
  readonly latencyMs?: number | undefined;
  /**
   * When aborted, every cursor stops after the page it is fetching: pages already asked for are still
   * delivered, no request is started. A worker shutting down lands them instead of fetching them again.
   */
  readonly drain?: AbortSignal | undefined;
}

/**
 * Where a cursor starts: the window it pages (a month, or a part of one) and, to resume, its checkpointed
 * cursor and raised lower bound (split-window-pages.ts).
 */
export interface WalkSeed {
  /** The window records are grouped by: one seen-set and its shared edges (a month of the range). */
  readonly month: TimeWindow;
  /** The range paged; its `from`/`to` are the ones a checkpointed page token was issued for. */
  readonly window: TimeWindow;
  readonly first?: SmsPageResult | undefined;
  readonly cursor?: WindowCursor | undefined;
  /** A raised lower bound: records older than it on both timestamps belong to another cursor. */
  readonly lower?: string | undefined;
}

/** What a caller may read of a running cursor. */
export interface WalkView {
  readonly window: TimeWindow;
  /** The cursor it started from (its checkpoint, or a fresh one). */
  readonly start: WindowCursor;
  /** The raised lower bound, once a thief took the part below. */
  readonly lower: string | undefined;
}

/** A page as the cursors deliver it, with the cursor it came from and whether that cursor is now done. */
export interface WalkPage {
  readonly result: SmsPageResult;
  readonly walk: WalkView;
  /** True when this was the cursor's last page (its range is exhausted, or it crossed its lower bound). */
  readonly last: boolean;
}

/** Running cursors under each rate budget, across every walk engine of the process (see `chooseSteal`). */
const cursorsOn = new WeakMap<object, { running: number }>();

/** One cursor: a month window's part `[lower, to]`, walked newest first. */
interface Walk extends WalkView {
  readonly month: TimeWindow;
  readonly first: SmsPageResult | undefined;
  readonly cursor: WindowCursor | undefined;
  /** Lower bound (ms): raised when a thief takes the part below. */
  lowerMs: number;
  /** Set once a thief took the part below: records under `lowerMs` are the thief's. */
  lower: string | undefined;
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

function seedWalk(seed: WalkSeed): Walk {
  return {
    month: seed.month,
    window: seed.window,
    first: seed.first,
    cursor: seed.cursor,
    start: seed.first?.cursor ?? seed.cursor ?? initialCursor(seed.window),
    lowerMs: parseZoomDate(seed.lower ?? seed.window.from)?.ms ?? 0,
    lower: seed.lower,
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
  const sizeOf = (w: TimeWindow) => opts.prefetched?.get(w.id)?.page.total_records ?? 0;
  // Biggest known months first: they are the last to finish otherwise.
  const seeds = [...windows]
    .sort((a, b) => sizeOf(b) - sizeOf(a))
    .map((month) => ({ month, window: month, first: opts.prefetched?.get(month.id) }));
  for await (const { result } of walkPages(ctx, seeds, filters, opts).pages) yield result;
}

/** The cursors of a walk engine: every one started so far, the seeds not started yet, and their pages. */
export interface WalkEngine {
  /** Every cursor started so far, finished ones included, in the order they started. */
  readonly walks: readonly WalkView[];
  /** Seeds no cursor has taken yet. */
  queued(): readonly WalkSeed[];
  readonly pages: AsyncGenerator<WalkPage>;
}

/**
 * Runs `opts.concurrency` cursors over `seeds` (one by one), then splits the busiest running cursor's
 * remaining range for each idle one while that shortens the job (steal-policy.ts).
 */
export function walkPages(
  ctx: RequestContext,
  seeds: readonly WalkSeed[],
  filters: SmsFilters,
  opts: StealPagesOptions,
): WalkEngine {
  const { pageSize } = opts;
  const queue = [...seeds];
  const walks: Walk[] = [];
  const seenByMonth = new Map<string, SeenIds>();
  const edgeIds = new Set<string>();
  const gauge = cursorsOn.get(ctx.budget) ?? { running: 0 };
  cursorsOn.set(ctx.budget, gauge);
  let running = 0;
  let waiters: Array<() => void> = [];
  const changed = () => {
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };

  const nextWalk = async (): Promise<Walk | undefined> => {
    for (;;) {
      if (opts.drain?.aborted) return undefined;
      const seed = queue.shift();
      if (seed) {
        const walk = seedWalk(seed);
        walks.push(walk);
        return walk;
      }
      const steal = chooseSteal(walks, pageSize, {
        perSecond: ctx.budget.state().rate,
        latencyMs: Math.max(opts.latencyMs ?? ctx.stats.latencyMs, 1),
        // Cursors of other engines on the same budget (other windows of a worker) spend the same rate.
        otherCursors: Math.max(0, gauge.running - running),
      });
      if (steal) {
        const victim = walks[steal.victim]!;
        const to = formatInstant(steal.boundaryMs);
        const window = {
          id: idOf(victim.lowerMs, steal.boundaryMs),
          from: victim.lower ?? victim.window.from,
          to,
          sharedEdges: victim.month.sharedEdges,
        };
        // The thief's own lower bound is its victim's: raised only if a thief took from that one before.
        const thief: Walk = {
          ...seedWalk({ month: victim.month, window, lower: victim.lower }),
          estimatedRecords: victim.estimatedRecords * steal.thiefShare,
          victim,
        };
        victim.estimatedRecords -= thief.estimatedRecords;
        victim.lowerMs = steal.boundaryMs;
        victim.lower = to;
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
      if (walk.lower !== undefined && belowBoundary(r, walk.lowerMs)) continue;
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
      walk.lower !== undefined &&
      !orderBroken(walk.order ?? { startSorted: true, endSorted: true }) &&
      result.page.sms.some((r) => belowBoundary(r, walk.lowerMs));
    if (crossed || result.cursor.done) walk.finished = true;
    changed();
    return { page: { ...result, window: walk.month, records }, crossed };
  };

  const delivered = (walk: Walk, taken: { page: SmsPageResult; crossed: boolean }): WalkPage => ({
    result: taken.page,
    walk,
    last: taken.crossed || taken.page.cursor.done,
  });

  async function* run(walk: Walk, isStopped: () => boolean): AsyncGenerator<WalkPage> {
    running += 1;
    gauge.running += 1;
    try {
      let firstOfWalk = true;
      if (walk.first) {
        const taken = take(walk, walk.first, true);
        firstOfWalk = false;
        yield delivered(walk, taken);
        if (taken.crossed || walk.first.cursor.done || isStopped() || opts.drain?.aborted) return;
      }
      for await (const result of windowPages(ctx, walk.window, filters, {
        pageSize,
        cursor: walk.first?.cursor ?? walk.cursor,
        seen: walk.first ? seenOf(walk.first) : undefined,
        signal: opts.signal,
      })) {
        const taken = take(walk, result, firstOfWalk);
        firstOfWalk = false;
        yield delivered(walk, taken);
        if (taken.crossed || isStopped() || opts.drain?.aborted) return;
      }
    } finally {
      running -= 1;
      gauge.running -= 1;
      walk.finished = true;
      // No new cursor can start in a month whose cursors are all done: its id set can go.
      if (walks.every((w) => w.finished || w.month !== walk.month)) seenByMonth.delete(walk.month.id);
      changed();
    }
  }

  const slots = Array.from({ length: Math.max(1, opts.concurrency) }, (_, i) => i);
  return {
    walks,
    queued: () => queue,
    pages: mergeBounded(slots, slots.length, (_slot, isStopped) =>
      (async function* () {
        for (;;) {
          const walk = await nextWalk();
          if (walk === undefined || isStopped()) return;
          yield* run(walk, isStopped);
        }
      })(),
    ),
  };
}

/** The compact seen-set of a walk whose first page was prefetched. */
function seenOf(first: SmsPageResult): SeenIds {
  const seen = createIdSet();
  for (const r of first.records) seen.add(r.engagement_id);
  return seen;
}
