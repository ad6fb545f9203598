/**
 * A backfill's status as the progress display's snapshot (pure): records and requests including windows
 * in flight, the bar against the plan, the rate against the limit, today's quota left, and one line per
 * window in flight — with its counts from its heartbeat, or being retried by Temporal with its last failure.
 */
import type { ProgressSnapshot, WindowProgress } from '../progress/format.ts';
import type { RateMeter } from '../progress/rate-meter.ts';
import type { BackfillStatusView } from './backfill-status.ts';

/** One line per window in flight or being retried; a retried window says its attempt and last failure. */
export function windowLines(status: BackfillStatusView, now: number): WindowProgress[] {
  const retrying = new Map((status.retrying ?? []).map((r) => [r.windowId, r]));
  const waiting = status.waitingUntil !== undefined && status.waitingUntil > now;
  const stateOf = (id: string): string => {
    const retry = retrying.get(id);
    if (retry) return `retrying (attempt ${retry.attempt}) after ${retry.lastFailure}`;
    if (status.state === 'paused') return 'paused';
    return waiting ? 'waiting for the daily quota' : 'fetching';
  };
  const lines: WindowProgress[] = (status.inFlight ?? []).map((w) => ({
    id: w.windowId,
    records: w.records,
    pages: w.pages,
    plannedPages: w.plannedRequests,
    state: stateOf(w.windowId),
  }));
  // The workflow knows every window in flight; heartbeats reach Temporal only every so often (the SDK
  // throttles them to a fraction of the heartbeat timeout), so a window may have none yet: it still gets
  // a line, its counts unknown. So does a window that failed before its first heartbeat.
  const shown = new Set(lines.map((l) => l.id));
  const plan = status.runningPlan ?? {};
  for (const id of [...(status.windowsRunning ?? []), ...(status.retrying ?? []).map((r) => r.windowId)]) {
    if (shown.has(id)) continue;
    shown.add(id);
    lines.push({
      id,
      records: undefined,
      pages: undefined,
      plannedPages: plan[id]?.requests,
      state: stateOf(id),
    });
  }
  return lines;
}

/** Progress fields from a status (records and requests include windows in flight). */
export function snapshotOf(status: BackfillStatusView, meter: RateMeter, now: number): ProgressSnapshot {
  const records = (status.recordsWritten ?? 0) + (status.recordsInFlight ?? 0);
  const requests = (status.requests ?? 0) + (status.requestsInFlight ?? 0);
  meter.sample(now, requests, records);
  const limits = status.limits;
  return {
    windowsDone: status.windowsDone ?? 0,
    windowsTotal: status.windowsTotal ?? 0,
    records,
    requests,
    requestRate: meter.requestRate() || (status.rate ?? 0),
    recordRate: meter.recordRate(),
    estimatedTotal: status.plannedRecords,
    etaMs: status.etaMs,
    elapsedMs: status.startedAt !== undefined ? now - status.startedAt : 0,
    waitingUntil: status.waitingUntil,
    state: status.state === 'paused' ? 'paused' : undefined,
    pagesDone: requests,
    pagesPlanned: status.plannedRequests,
    rateLimit: status.effectiveRate ?? limits?.perSecond,
    quotaLeft:
      limits !== undefined && status.usedToday !== undefined ? limits.daily - status.usedToday : undefined,
    dailyLimit: limits?.daily,
    windows: windowLines(status, now),
  };
}
