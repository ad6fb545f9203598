/**
 * What the `progress` query answers, from the workflow's state. Pure and deterministic (workflow code).
 *
 * With a plan, remaining work is the planned requests of the windows not done. The ETA here divides that
 * by the effective rate; `getProgress` refines it with the core's `etaMs` (daily-quota pauses, pages the
 * windows in flight already fetched) — workflow code may import only `@zcc-sms/core/windows`, which does
 * not hold `etaMs`.
 */
import { estimateEtaMs, requestRate } from '../progress.ts';
import type {
  BackfillPlan,
  BackfillProgress,
  BackfillState,
  RateReport,
  WindowFailure,
  WindowProgress,
} from '../types.ts';

export interface ProgressSnapshot {
  readonly state: BackfillState;
  readonly windowsTotal: number;
  readonly done: Readonly<Record<string, WindowProgress>>;
  readonly failed: Readonly<Record<string, WindowFailure>>;
  readonly running: readonly string[];
  readonly plan: BackfillPlan | undefined;
  readonly rates: RateReport | undefined;
  readonly quotaUntil: number;
  /** Time spent running (waits and pauses excluded), ms. */
  readonly activeMs: number;
  readonly startedAt: number;
  readonly runs: number;
  readonly now: number;
}

/** Records and requests (pages) of the finished windows. */
export function doneTotals(done: Readonly<Record<string, WindowProgress>>): {
  records: number;
  requests: number;
} {
  let records = 0;
  let requests = 0;
  for (const d of Object.values(done)) {
    records += d.records;
    requests += d.pages;
  }
  return { records, requests };
}

export function progressView(s: ProgressSnapshot): BackfillProgress {
  const { records, requests } = doneTotals(s.done);
  const rate = requestRate(requests, s.activeMs);
  const waitingUntil = s.state === 'waiting-for-quota' ? s.quotaUntil : undefined;
  const windowsDone = Object.keys(s.done).length;
  const plan = s.plan;
  let remainingRequests: number | undefined;
  let runningPlan: Record<string, { records: number; requests: number }> | undefined;
  if (plan) {
    remainingRequests = 0;
    runningPlan = {};
    const running = new Set(s.running);
    for (const w of plan.windows) {
      if (s.done[w.window.id] === undefined && s.failed[w.window.id] === undefined)
        remainingRequests += w.requests;
      if (running.has(w.window.id)) runningPlan[w.window.id] = { records: w.records, requests: w.requests };
    }
  }
  return {
    state: s.state,
    windowsTotal: s.windowsTotal,
    windowsDone,
    windowsRunning: [...s.running],
    ...(Object.keys(s.failed).length > 0 ? { windowsFailed: Object.values(s.failed) } : {}),
    recordsWritten: records,
    requests,
    rate,
    waitingUntil,
    etaMs: estimateEtaMs({
      windowsTotal: s.windowsTotal,
      windowsDone,
      requests,
      rate: plan ? (s.rates?.rate ?? plan.limits.perSecond) : rate,
      waitingUntil,
      now: s.now,
      remainingRequests,
    }),
    startedAt: s.startedAt,
    runs: s.runs,
    plannedRequests: plan?.totalRequests,
    plannedRecords: plan?.totalRecords,
    probeRequests: plan?.probeRequests,
    remainingRequests,
    runningPlan,
    limits: plan?.limits,
    expectedFinish: plan?.expectedFinish,
    effectiveRate: s.rates?.rate,
    usedToday: s.rates?.usedToday,
  };
}
