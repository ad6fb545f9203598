/**
 * Starting a window only when today's quota can finish it. A daily-quota stop lasts until 00:00 UTC, far
 * longer than a page token lives (15 minutes), so every window caught half-done restarts from its first
 * page after the reset and pays again for the pages it had (a year backfill on Pro can lose a fifth of a
 * day that way). So a window waits to start while today's remaining quota does not cover its estimated
 * pages plus what the windows already running still need; when nothing runs, it waits for the next reset
 * instead (a window bigger than a whole day's quota starts anyway: it must span days). Estimates come from
 * the plan or from `total_records` of a window's first page.
 */
import type { RateBudget } from './rate-budget.ts';

export interface QuotaAdmission {
  /** Resolves when a window needing about `pages` requests may start. */
  admit(windowId: string, pages: number, signal?: AbortSignal): Promise<void>;
  /** The window now needs about `pagesLeft` more requests. */
  update(windowId: string, pagesLeft: number): void;
  finish(windowId: string): void;
}

export function createQuotaAdmission(budget: RateBudget): QuotaAdmission {
  const running = new Map<string, number>();
  let waiters: Array<() => void> = [];
  const wake = () => {
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  const fits = (pages: number): boolean => {
    const state = budget.state();
    let need = pages;
    for (const left of running.values()) need += left;
    return state.dailyLimit - state.usedToday >= need;
  };
  return {
    async admit(windowId, pages, signal) {
      while (!fits(pages)) {
        if (running.size === 0) {
          // Nothing runs that could free quota today: wait for tomorrow's, unless even a whole day is too
          // little for this window (then it must span days anyway).
          const state = budget.state();
          if (pages > state.dailyLimit || state.usedToday === 0) break;
          await budget.awaitReset(signal);
          continue;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      running.set(windowId, pages);
    },
    update(windowId, pagesLeft) {
      if (!running.has(windowId)) return;
      running.set(windowId, pagesLeft);
      wake();
    },
    finish(windowId) {
      running.delete(windowId);
      wake();
    },
  };
}
