/**
 * The activities: `planBackfill` (plan-activity.ts) and the window activity, which pages one window with the core, lands each page in the sink (idempotent,
 * checkpoint with the page), heartbeats a small checkpoint, commits the window, returns counts.
 *
 * Paging: a window may be paged by several cursors at once, split lazily by records while the worker's rate
 * has room (core split-window-pages.ts), so one busy month runs at the rate limit under `favor: quota`
 * without any probe. Its checkpoint then lists every unfinished part of the window.
 *
 * Resuming: the sink's checkpoint (written with every page, in the same transaction where possible) holds
 * the window's range (or its unfinished parts), page tokens and the order evidence of the records landed. Its token is presented when
 * still young enough (`canResume`, 14 minutes); when it died (a daily-quota wait, a long outage) the window
 * goes on with `to` narrowed to the oldest record landed (`canNarrow`: core's record-order.ts), so at most
 * about one page is fetched again and a window larger than a day's quota finishes over several days; the
 * sink drops the repeats. Only when the records were not newest first does the window restart from its
 * first page. The workflow's cursor (after a quota stop) and the heartbeat's are never ahead of a durable
 * sink, and when they are, the sink lost pages.
 */
import { activityInfo, CancelledFailure, Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  type Clock,
  canNarrow,
  canResume,
  type Logger,
  silentLogger,
  type WindowCursor,
} from '@zcc-sms/core';
import { clientsFor } from './account-clients.ts';
import type { ZoomAccountPools } from './account-pools.ts';
import { toActivityFailure } from './activity-failures.ts';
import { rateReport, WINDOW_CURSORS } from './backfill-plan.ts';
import { createPlanActivity } from './plan-activity.ts';
import { startProgressHeartbeat } from './progress-heartbeat.ts';
import type { SinkRegistry } from './sinks/registry.ts';
import type { SinkWindow } from './sinks/sink.ts';
import { checkWindowId } from './sinks/sink-guards.ts';
import type { BackfillMetrics } from './telemetry/backfill-metrics.ts';
import type { WindowHeartbeat, WindowResult, WindowTask } from './types.ts';
import type { ZoomClientPool } from './zoom-clients.ts';

/** What the backfill activities need: Zoom clients, sinks, the worker's account and logger, heartbeat and stall timing. */
export interface ActivityDeps {
  /** Zoom clients sharing the account's budget (a worker for one account). */
  readonly clients?: ZoomClientPool | undefined;
  /** Zoom clients by account name (a worker for several accounts, `ZOOM_ACCOUNTS_FILE`). */
  readonly accounts?: ZoomAccountPools | undefined;
  /** Sinks by spec. */
  readonly sinks: SinkRegistry;
  /** The Zoom account this worker is configured for; backfills for another account are refused. */
  readonly accountId?: string | undefined;
  /** Default silent. */
  readonly logger?: Logger | undefined;
  /** Heartbeat at least this often while a request is slow or paced (ms). Default 5,000. */
  readonly heartbeatIntervalMs?: number | undefined;
  /**
   * A window with no page for this long is stuck (a body that drips for ever) and is retried from its
   * checkpoint (ms). Default 5 minutes (`DEFAULT_STALL_MS`).
   */
  readonly stallTimeoutMs?: number | undefined;
  /**
   * Aborted when the worker begins to shut down. Temporal cancels activities only once the grace time is
   * over; this lets a window land the page in flight with its checkpoint and stop before the next request,
   * so a SIGTERMed worker exits promptly and loses nothing.
   */
  readonly stopping?: AbortSignal | undefined;
  /** Wall-clock wait for an API-clock quota reset (tests with an accelerated API clock scale it). */
  readonly quotaWaitMs?: ((resetAt: number, now: number) => number) | undefined;
  /** Windows in flight, their durations and the records landed (`createBackfillMetrics`). */
  readonly metrics?: Pick<BackfillMetrics, 'windowStarted' | 'windowEnded' | 'recordsLanded'> | undefined;
}

/**
 * No page for this long: the window is stuck. A page is at most 100 records (tens of KB), and the core's
 * retries of one failing request sleep about 2.5 minutes at most (8 tries, backoff capped at 20 s).
 */
const DEFAULT_STALL_MS = 300_000;

/**
 * The backfill's activities (`planBackfill`, `backfillWindow`), for a worker's `activities`.
 *
 * @example
 * const activities = createActivities({ clients: createZoomClientPool({ auth }), sinks: createSinkRegistry() });
 * await Worker.create({ connection, taskQueue: 'zcc-sms', workflowsPath, activities });
 */
export function createActivities(deps: ActivityDeps) {
  const logger = deps.logger ?? silentLogger;
  return {
    planBackfill: createPlanActivity(deps),

    async backfillWindow(task: WindowTask): Promise<WindowResult> {
      const clients = clientsFor(deps, task.account);
      const context = Context.current();
      const client = clients.get(task.rate);
      const clock = clients.clock;
      const target: SinkWindow = { backfillId: task.backfillId, window: task.window, filters: task.filters };
      let cursor: WindowCursor | undefined;
      let restarts = (activityInfo().heartbeatDetails as WindowHeartbeat | undefined)?.restarts ?? 0;
      // The budget's effective (AIMD) rate and today's use ride along, so progress can show them; the
      // window id and cursor are the only other content (no records, no secrets).
      const rates = () => rateReport(client.stats(), clients.workerShare);
      const windowId = task.window.id;
      const stallMs = deps.stallTimeoutMs ?? DEFAULT_STALL_MS;
      // Keyed by backfill too: two backfills may run the same month at once.
      const running = `${task.backfillId}/${windowId}`;
      deps.metrics?.windowStarted(running);
      const heartbeat = startProgressHeartbeat({
        beat: () => context.heartbeat({ windowId, cursor, restarts, ...rates() } satisfies WindowHeartbeat),
        intervalMs: deps.heartbeatIntervalMs ?? 5_000,
        stallMs,
      });
      try {
        checkWindowId(windowId);
        const sink = deps.sinks.get(task.sink);
        const opened = await sink.open(target);
        const previous = activityInfo().heartbeatDetails as WindowHeartbeat | undefined;
        // Only the sink's checkpoint resumes a window: it is what landed. A heartbeat or workflow cursor
        // ahead of it means the sink lost its last pages (PostgreSQL with synchronous_commit=off loses the
        // last commits in a crash; restarts.test.ts), and resuming from there would skip them. The others
        // only tell that the window restarts (the sink drops the repeats).
        cursor = freshest([opened.checkpoint], windowId, clock);
        if (cursor === undefined && [task.cursor, previous?.cursor, opened.checkpoint].some(Boolean))
          restarts += 1;
        logger.debug('window started', { window: windowId, resumeAtPage: cursor?.pages ?? 0 });
        heartbeat.progress();
        for await (const page of client.sms.windowPages(task.window, task.filters, {
          cursor,
          pageSize: task.pageSize,
          cursors: WINDOW_CURSORS,
          signal: AbortSignal.any([context.cancellationSignal, heartbeat.signal]),
          // On shutdown every cursor lands the page it is fetching, and none asks for another.
          drain: deps.stopping,
        })) {
          await sink.writePage(target, page.records, page.cursor);
          cursor = page.cursor;
          heartbeat.progress();
        }
        if (cursor !== undefined && !cursor.done) {
          if (deps.stopping?.aborted) {
            throw ApplicationFailure.retryable(
              `window ${windowId}: the worker is shutting down; the window resumes from page ${cursor.pages} on another worker`,
              'WorkerShutdown',
            );
          }
          // Not expected: paging ends early only on a drain. Never commit a window that is not finished.
          throw ApplicationFailure.retryable(
            `window ${windowId}: paging ended before the window's last page; retrying from page ${cursor.pages}`,
            'WindowIncomplete',
          );
        }
        const { records } = await sink.commitWindow(target);
        // Counted when committed: the sink's own count, without the repeats it dropped (windows share edges).
        deps.metrics?.recordsLanded(records);
        logger.info('window committed', { window: windowId, records, pages: cursor?.pages ?? 0 });
        return { windowId, records, pages: cursor?.pages ?? 0, restarts, ...rates() };
      } catch (error) {
        if (error instanceof ApplicationFailure) throw error;
        if (context.cancellationSignal.aborted) {
          throw new CancelledFailure('Window cancelled; its checkpoint is kept in the sink');
        }
        if (heartbeat.stalled()) {
          throw ApplicationFailure.retryable(
            `window ${windowId}: no page arrived for ${Math.round(stallMs / 1000)} s (a response that never finishes); retrying from its checkpoint`,
            'WindowStalled',
          );
        }
        throw toActivityFailure(error, { clock, cursor, quotaWaitMs: deps.quotaWaitMs });
      } finally {
        heartbeat.stop();
        deps.metrics?.windowEnded(running);
      }
    },
  };
}

/**
 * The checkpoint to resume from: a finished one (only the commit is left), else the one with the most pages
 * whose token is young or whose records allow narrowing below the oldest one landed, else none (restart the
 * window).
 */
export function freshest(
  candidates: ReadonlyArray<WindowCursor | undefined>,
  windowId: string,
  clock: Clock,
): WindowCursor | undefined {
  const mine = candidates.filter((c): c is WindowCursor => c !== undefined && c.windowId === windowId);
  const finished = mine.find((c) => c.done);
  if (finished) return finished;
  const now = clock.now();
  const usable = mine.filter((c) => canResume(c, now) || canNarrow(c));
  usable.sort((a, b) => b.pages - a.pages);
  return usable[0];
}
