/**
 * The planning activity: before the first window, the core's `planExport` probes every month window with
 * `page_size=1` (`total_records`), splits busy months into sub-windows when the policy allows
 * (`favor: 'time'`), and recommends a concurrency. Probes use `page_size=1` (`prefetch: false`): a
 * prefetched first page would hold records, and records never travel through workflow history.
 *
 * The client comes from the worker's configuration, like the window activity's (credentials never are
 * workflow input), and shares its rate budget. A spent daily quota ends the activity with the same typed
 * `DailyQuota` failure as a window, so the workflow waits on a durable timer and plans again.
 */
import { CancelledFailure, Context } from '@temporalio/activity';
import { planExport, silentLogger } from '@zcc-sms/core';
import { clientsFor } from './account-clients.ts';
import type { ActivityDeps } from './activities.ts';
import { toActivityFailure } from './activity-failures.ts';
import { backfillPlanFrom, WINDOW_CURSORS } from './backfill-plan.ts';
import type { BackfillPlan, PlanTask } from './types.ts';

export function createPlanActivity(deps: ActivityDeps): (task: PlanTask) => Promise<BackfillPlan> {
  const logger = deps.logger ?? silentLogger;
  return async function planBackfill(task) {
    const clients = clientsFor(deps, task.account);
    const context = Context.current();
    const client = clients.get(task.rate);
    const clock = clients.clock;
    // Probes wait for the shared budget like any request; heartbeats keep a slow plan alive.
    const timer = setInterval(() => context.heartbeat(), deps.heartbeatIntervalMs ?? 5_000);
    try {
      context.heartbeat();
      const exported = await planExport(
        client,
        { ...task.filters, from: task.from, to: task.to },
        {
          favor: task.favor,
          prefetch: false,
          pageSize: task.pageSize,
          cursorsPerWindow: WINDOW_CURSORS,
          signal: context.cancellationSignal,
        },
      );
      const plan = backfillPlanFrom(exported, {
        favor: task.favor,
        workerShare: clients.workerShare,
        now: clock.now(),
        usedToday: client.stats().usedToday,
      });
      logger.info('backfill planned', {
        windows: plan.windows.length,
        months: plan.months.length,
        records: plan.totalRecords,
        requests: plan.totalRequests,
        probes: plan.probeRequests,
        concurrency: plan.concurrency,
      });
      return plan;
    } catch (error) {
      if (context.cancellationSignal.aborted) throw new CancelledFailure('Planning cancelled');
      throw toActivityFailure(error, { clock, cursor: undefined, quotaWaitMs: deps.quotaWaitMs });
    } finally {
      clearInterval(timer);
    }
  };
}
