/**
 * The activities: `planBackfill` (plan-activity.ts) and the window activity, which pages one window with the core, lands each page in the sink (idempotent,
 * checkpoint with the page), heartbeats a small checkpoint, commits the window, returns counts.
 *
 * Resuming: the freshest checkpoint among the workflow's (after a quota stop), the heartbeat's (after a
 * crash or timeout) and the sink's (written with every page) is used when its page token is still young
 * enough (`canResume`, 14 minutes); otherwise the window restarts and the sink drops the repeats.
 */
import { activityInfo, CancelledFailure, Context } from '@temporalio/activity';
import { type Clock, canResume, type Logger, silentLogger, type WindowCursor } from '@zcc-sms/core';
import { checkAccount, toActivityFailure } from './activity-failures.ts';
import { rateReport } from './backfill-plan.ts';
import { createPlanActivity } from './plan-activity.ts';
import type { SinkRegistry } from './sinks/registry.ts';
import type { SinkWindow } from './sinks/sink.ts';
import type { WindowHeartbeat, WindowResult, WindowTask } from './types.ts';
import type { ZoomClientPool } from './zoom-clients.ts';

export interface ActivityDeps {
  readonly clients: ZoomClientPool;
  readonly sinks: SinkRegistry;
  /** The Zoom account this worker is configured for; backfills for another account are refused. */
  readonly accountId?: string | undefined;
  readonly logger?: Logger | undefined;
  /** Heartbeat at least this often while a request is slow or paced (ms). Default 5,000. */
  readonly heartbeatIntervalMs?: number | undefined;
  /** Wall-clock wait for an API-clock quota reset (tests with an accelerated API clock scale it). */
  readonly quotaWaitMs?: ((resetAt: number, now: number) => number) | undefined;
}

/**
 * @example
 * const activities = createActivities({ clients: createZoomClientPool({ auth }), sinks: createSinkRegistry() });
 * await Worker.create({ connection, taskQueue: 'zcc-sms', workflowsPath, activities });
 */
export function createActivities(deps: ActivityDeps) {
  const logger = deps.logger ?? silentLogger;
  return {
    planBackfill: createPlanActivity(deps),

    async backfillWindow(task: WindowTask): Promise<WindowResult> {
      checkAccount(deps.accountId, task.account);
      const context = Context.current();
      const client = deps.clients.get(task.rate);
      const clock = deps.clients.clock;
      const target: SinkWindow = { backfillId: task.backfillId, window: task.window, filters: task.filters };
      let cursor: WindowCursor | undefined;
      let restarts = (activityInfo().heartbeatDetails as WindowHeartbeat | undefined)?.restarts ?? 0;
      // The budget's effective (AIMD) rate and today's use ride along, so progress can show them; the
      // cursor is the only other content (no records, no secrets).
      const rates = () => rateReport(client.stats(), deps.clients.workerShare);
      const beat = () => context.heartbeat({ cursor, restarts, ...rates() } satisfies WindowHeartbeat);
      const timer = setInterval(beat, deps.heartbeatIntervalMs ?? 5_000);
      try {
        const sink = deps.sinks.get(task.sink);
        const opened = await sink.open(target);
        const heartbeat = activityInfo().heartbeatDetails as WindowHeartbeat | undefined;
        cursor = freshest([task.cursor, heartbeat?.cursor, opened.checkpoint], task.window.id, clock);
        if (cursor === undefined && [task.cursor, heartbeat?.cursor, opened.checkpoint].some(Boolean))
          restarts += 1;
        logger.debug('window started', { window: task.window.id, resumeAtPage: cursor?.pages ?? 0 });
        beat();
        for await (const page of client.sms.windowPages(task.window, task.filters, {
          cursor,
          pageSize: task.pageSize,
          signal: context.cancellationSignal,
        })) {
          await sink.writePage(target, page.records, page.cursor);
          cursor = page.cursor;
          beat();
        }
        const { records } = await sink.commitWindow(target);
        logger.info('window committed', { window: task.window.id, records, pages: cursor?.pages ?? 0 });
        return { windowId: task.window.id, records, pages: cursor?.pages ?? 0, restarts, ...rates() };
      } catch (error) {
        if (context.cancellationSignal.aborted) {
          throw new CancelledFailure('Window cancelled; its checkpoint is kept in the sink');
        }
        throw toActivityFailure(error, { clock, cursor, quotaWaitMs: deps.quotaWaitMs });
      } finally {
        clearInterval(timer);
      }
    },
  };
}

/**
 * The checkpoint to resume from: a finished one (only the commit is left), else the resumable one with
 * the most pages, else none (restart the window).
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
  const usable = mine.filter((c) => canResume(c, now));
  usable.sort((a, b) => b.pages - a.pages);
  return usable[0];
}
