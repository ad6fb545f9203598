/**
 * One window paged by several cursors, resumably (issue #13: a durable worker's busy month at the rate
 * limit). The cursors split the window lazily by records (steal-pages.ts: an idle cursor takes the part
 * below the busiest one's last record), and every page carries the window's whole state as one cursor:
 * its `parts`, the ranges no cursor has finished, each with its own token, order evidence and raised
 * lower bound (window-cursor.ts). A checkpoint taken with a page therefore says exactly what is left, and a
 * resume pages only that: a part whose token is still young goes on with it, any other part narrows below
 * the oldest record it landed (or at worst re-reads its own range), a part not started yet starts afresh.
 *
 * The parts of a checkpoint describe what was *delivered*: a cursor's page fetched but not yet taken by
 * the caller is not in it, so a crash re-fetches it. A split made before a page is delivered is in that
 * page's checkpoint (the thief's range with a fresh cursor, the victim's raised bound), so no range is
 * ever left out. Records fetched twice across a resume (the page under a narrowed bound) are the sink's
 * to drop, as for a single cursor.
 */
import type { SmsFilters } from './query.ts';
import type { RequestContext } from './request.ts';
import { type StealPagesOptions, type WalkSeed, type WalkView, walkPages } from './steal-pages.ts';
import { canResume, initialCursor, type SmsPageResult, type WindowCursor } from './window-pages.ts';
import type { TimeWindow } from './windows.ts';

export interface SplitWindowOptions extends Omit<StealPagesOptions, 'prefetched'> {
  /** The window's checkpoint: a single cursor (from before splitting) or one with `parts`. */
  readonly cursor?: WindowCursor | undefined;
}

/** The cursors to start from a checkpoint: one per unfinished part (the whole window when there is none). */
function seedsOf(window: TimeWindow, start: WindowCursor | undefined, now: number): WalkSeed[] {
  const parts = start?.parts ?? [{ cursor: start ?? initialCursor(window), lower: undefined }];
  return parts.map(({ cursor, lower }) => {
    const part = { id: cursor.windowId, from: cursor.from, to: cursor.to, sharedEdges: window.sharedEdges };
    // A live token is bound to the range it was issued for: keep that range and the raised bound.
    if (lower === undefined || cursor.pages === 0 || canResume(cursor, now)) {
      return { month: window, window: part, cursor, lower };
    }
    // A dead token starts a new chain anyway: it can ask for the raised bound itself.
    return { month: window, window: { ...part, from: lower }, cursor: { ...cursor, from: lower } };
  });
}

export async function* splitWindowPages(
  ctx: RequestContext,
  window: TimeWindow,
  filters: SmsFilters,
  opts: SplitWindowOptions,
): AsyncGenerator<SmsPageResult> {
  const start = opts.cursor;
  if (start?.done) return;
  const engine = walkPages(ctx, seedsOf(window, start, ctx.clock.now()), filters, opts);
  const delivered = new Map<WalkView, { cursor: WindowCursor; last: boolean }>();
  let pages = start?.pages ?? 0;
  let records = start?.records ?? 0;
  let totalRecords = start?.totalRecords;
  let lastEngagementId = start?.lastEngagementId;
  for await (const { result, walk, last } of engine.pages) {
    delivered.set(walk, { cursor: result.cursor, last });
    pages += 1;
    records += result.records.length;
    lastEngagementId = result.records.at(-1)?.engagement_id ?? lastEngagementId;
    // The window's size is its first cursor's first answer (before any split or narrowing).
    totalRecords ??= result.page.total_records;
    const parts = [
      ...engine.walks
        .filter((w) => delivered.get(w)?.last !== true)
        .map((w) => ({ cursor: delivered.get(w)?.cursor ?? w.start, lower: w.lower })),
      ...engine.queued().map((seed) => ({
        cursor: seed.cursor ?? initialCursor(seed.window),
        lower: seed.lower,
      })),
    ];
    const done = parts.length === 0;
    const cursor: WindowCursor = {
      windowId: window.id,
      from: window.from,
      to: window.to,
      pages,
      records,
      lastEngagementId,
      totalRecords,
      done,
      parts: done ? undefined : parts,
    };
    yield { ...result, window, cursor };
  }
}
