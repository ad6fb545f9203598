/**
 * How far one window's paging may go before it is a loop, from what the API told us (issue #10: a server
 * handing out page tokens A → B → A was followed forever, 299 requests a minute). Pure: `windowPages`
 * feeds it each page and stops with a `ZoomResponseError` naming the window when it says so.
 *
 * - A token seen before in this chain (not only the same twice in a row) is a loop.
 * - A chain needs at most ⌈total_records ÷ page_size⌉ pages; a few more are allowed because records that
 *   complete while we page raise `total_records` (docs/zoom-api.md: only completed engagements are listed).
 * - Pages that bring no new engagement id: a few are tolerated (an empty page before the last), but after
 *   a restart the pages already read come back once more and are expected to be all repeats.
 */

/** Extra pages beyond ⌈total_records ÷ page_size⌉ before a chain is a loop. */
export const EXTRA_PAGES = 5;
/** Consecutive pages without a new engagement id tolerated (beyond the replay after a restart). */
export const MAX_IDLE_PAGES = 5;
/** Restarts after rejected page tokens allowed in a window beyond one per page it needs. */
export const MAX_TOKEN_RESTARTS = 3;
/** However large `total_records` claims to be, no more restarts than this per window. */
export const MAX_RESTARTS_PER_WINDOW = 100;

/**
 * Restarts after rejected page tokens a window may make. Each restart re-reads the pages before it, so a
 * window whose tokens are rejected now and then (expired under load) needs several to get through once;
 * one per page it needs, plus a few, and never more than `MAX_RESTARTS_PER_WINDOW`. A server rejecting
 * every second token thus costs a bounded number of requests, not an endless loop.
 */
export function restartsAllowed(totalRecords: number | undefined, pageSize: number): number {
  const pages = totalRecords !== undefined && totalRecords > 0 ? Math.ceil(totalRecords / pageSize) : 0;
  return Math.min(MAX_TOKEN_RESTARTS + pages, MAX_RESTARTS_PER_WINDOW);
}

export interface ChainState {
  /** Pages fetched since the chain began (its first page, or the resumed cursor). */
  readonly pages: number;
  /** Tokens Zoom issued in this chain (grown in place by `afterPage`: copying it per page is quadratic). */
  readonly tokens: Set<string>;
  /** Consecutive pages without a new id. */
  readonly idlePages: number;
  /** Pages of the chain before the last restart: they are read again as repeats. */
  readonly replay: number;
  /** Largest `total_records` seen in this chain. */
  readonly totalRecords: number | undefined;
}

export function newChain(pagesBefore = 0, replay = 0): ChainState {
  return { pages: pagesBefore, tokens: new Set(), idlePages: 0, replay, totalRecords: undefined };
}

export interface PageFacts {
  readonly nextPageToken: string;
  readonly freshRecords: number;
  readonly totalRecords: number | undefined;
  readonly pageSize: number;
}

export type ChainVerdict =
  | { readonly ok: true; readonly chain: ChainState }
  | { readonly ok: false; readonly reason: string };

/** The chain after one more page, or why it must stop (the page's token is recorded when it may go on). */
export function afterPage(chain: ChainState, page: PageFacts): ChainVerdict {
  const pages = chain.pages + 1;
  const idlePages = page.freshRecords > 0 ? 0 : chain.idlePages + 1;
  const total =
    page.totalRecords === undefined || !Number.isFinite(page.totalRecords) || page.totalRecords < 0
      ? chain.totalRecords
      : Math.max(chain.totalRecords ?? 0, page.totalRecords);
  const next = page.nextPageToken;
  if (next !== '' && chain.tokens.has(next)) {
    return { ok: false, reason: 'Zoom sent a next_page_token already used in this window (a paging loop)' };
  }
  if (next !== '' && total !== undefined) {
    const needed = Math.ceil(total / page.pageSize);
    if (pages >= needed + EXTRA_PAGES) {
      return {
        ok: false,
        reason: `total_records ${total} needs ${needed} pages of ${page.pageSize}, yet Zoom still sends a next_page_token`,
      };
    }
  }
  if (next !== '' && idlePages > MAX_IDLE_PAGES + chain.replay) {
    return { ok: false, reason: `${idlePages} pages in a row brought no new engagement id` };
  }
  if (next !== '') chain.tokens.add(next);
  return {
    ok: true,
    chain: { pages, tokens: chain.tokens, idlePages, replay: chain.replay, totalRecords: total },
  };
}
