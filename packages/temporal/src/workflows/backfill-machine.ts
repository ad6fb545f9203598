/**
 * The backfill as a pure state machine: `step(state, event)` returns the next state and the commands the
 * Temporal shell (`smsBackfill` in index.ts) executes. No Temporal import and no clock: every event that
 * needs the time carries `now` (the workflow's deterministic `Date.now()`), so a unit test drives the
 * machine as the workflow does.
 *
 * Events that report something (a window's outcome, a signal) only change the state, except that a pause
 * or a backfill-wide failure cancels the windows in flight at once. Deciding what to do next (start
 * windows, wait, continue as new, finish) happens when the workflow wakes (`started`, `planned`,
 * `timerFired`, `woke`): several windows ending in one workflow task are all recorded before the next
 * decision, which keeps the commands (and so the recorded histories) in the order they always had.
 */
import { MAX_PLANNED_CONCURRENCY } from '../types.ts';
import { backfillResult, carriedState, type Draft, draft, enter } from './machine-state.ts';
import type { MachineCommand, MachineEvent, MachineState, RunningWindow, Step } from './machine-types.ts';

export function step(state: MachineState, event: MachineEvent): Step {
  const s = draft(state);
  const commands: MachineCommand[] = [];
  switch (event.type) {
    case 'started':
    case 'planned':
    case 'planQuotaHit':
    case 'timerFired':
    case 'woke':
      advance(s, event, commands);
      break;
    case 'paused':
    case 'resumed':
    case 'cancelRequested':
    case 'continueAsNewSuggested':
      control(s, event, commands);
      break;
    default:
      windowEnded(s, event, commands);
  }
  return { state: s, commands };
}

type Of<T extends MachineEvent['type']> = Extract<MachineEvent, { type: T }>;

/** The workflow wakes: plan, wait out planning's quota, or decide what the windows do next. */
function advance(
  s: Draft,
  event: Of<'started' | 'planned' | 'planQuotaHit' | 'timerFired' | 'woke'>,
  commands: MachineCommand[],
): void {
  switch (event.type) {
    case 'started':
      if (event.planFirst) {
        s.phase = 'planning';
        commands.push({ type: 'runPlan' });
      } else {
        begin(s, event.now, commands);
      }
      break;
    case 'planned':
      s.plan = event.plan;
      s.windows = event.plan.windows.map((w) => w.window);
      begin(s, event.now, commands);
      break;
    case 'planQuotaHit':
      // A durable timer until the reset, then plan again (planning spends requests too).
      s.quotaUntil = Math.max(s.quotaUntil, event.now + event.details.waitMs + s.config.quotaMarginMs);
      s.phase = 'waiting-for-quota';
      s.planWaiting = true;
      commands.push({ type: 'sleep', ms: Math.max(1, s.quotaUntil - event.now) });
      break;
    case 'woke':
      decide(s, event.now, commands);
      break;
    case 'timerFired':
      if (s.planWaiting) {
        s.planWaiting = false;
        s.phase = 'planning';
        commands.push({ type: 'runPlan' });
      } else {
        decide(s, event.now, commands);
      }
      break;
  }
}

/** Signals and the server's word: they change the state; a pause also cancels the windows in flight. */
function control(
  s: Draft,
  event: Of<'paused' | 'resumed' | 'cancelRequested' | 'continueAsNewSuggested'>,
  commands: MachineCommand[],
): void {
  switch (event.type) {
    case 'paused':
      // Windows in flight resume from their sink checkpoints after `resumed`.
      s.paused = true;
      s.running = s.running.map((r) => ({ window: r.window, pausing: true }));
      for (const r of s.running) commands.push({ type: 'cancelWindow', windowId: r.window.id });
      break;
    case 'resumed':
      s.paused = false;
      break;
    case 'cancelRequested':
      // The shell lets the cancelled windows stop at a page boundary (the sink stays consistent).
      s.phase = 'cancelled';
      break;
    case 'continueAsNewSuggested':
      s.continueAsNewSuggested = true;
      break;
  }
}

/** A window's activity ended: record how; only a backfill-wide failure commands anything (cancel all). */
function windowEnded(
  s: Draft,
  event: Extract<MachineEvent, { windowId: string }>,
  commands: MachineCommand[],
): void {
  switch (event.type) {
    case 'windowSucceeded': {
      const { windowId, result } = event;
      take(s, windowId);
      s.done[windowId] = { records: result.records, pages: result.pages };
      delete s.cursors[windowId];
      if (result.rate !== undefined) s.rates = { rate: result.rate, usedToday: result.usedToday ?? 0 };
      break;
    }
    case 'windowFailed':
      // Final for this window only: the others still land; the backfill reports it at the end.
      take(s, event.windowId);
      s.failed[event.windowId] = event.failure;
      break;
    case 'windowFatal':
      // No window can get past it: stop the others too (the failing one is still listed as running).
      s.fatal ??= { error: event.error };
      for (const r of s.running) commands.push({ type: 'cancelWindow', windowId: r.window.id });
      take(s, event.windowId);
      break;
    case 'dailyQuotaHit': {
      // Windows still in flight will hit the same quota; this one resumes from its checkpoint after it.
      const { window } = take(s, event.windowId);
      if (event.details.cursor) s.cursors[window.id] = event.details.cursor;
      s.quotaUntil = Math.max(s.quotaUntil, event.now + event.details.waitMs + s.config.quotaMarginMs);
      s.queue.unshift(window);
      break;
    }
    case 'windowCancelled': {
      const entry = take(s, event.windowId);
      if (entry.pausing) s.queue.unshift(entry.window);
      break;
    }
  }
}

/** Queues the windows not finished yet (largest first: the plan's order) and starts deciding. */
function begin(s: Draft, now: number, commands: MachineCommand[]): void {
  s.queue = s.windows.filter((w) => s.done[w.id] === undefined && s.failed[w.id] === undefined);
  if (s.plan && s.config.windowConcurrency === undefined) {
    s.concurrency = Math.max(1, Math.min(MAX_PLANNED_CONCURRENCY, s.plan.concurrency));
  }
  enter(s, s.paused ? 'paused' : 'running', now);
  decide(s, now, commands);
}

/** What to do next: start windows up to the concurrency, then wait; or continue as new; or end. */
function decide(s: Draft, now: number, commands: MachineCommand[]): void {
  let next = choose(s, now);
  while (next.type === 'startWindow') {
    commands.push(next);
    next = choose(s, now);
  }
  commands.push(next);
}

const WAIT: MachineCommand = { type: 'waitForEvent' };

/** The next command, in the order the checks always ran (the recorded histories depend on it). */
function choose(s: Draft, now: number): MachineCommand {
  if (s.fatal !== undefined && s.running.length === 0) return { type: 'fail', error: s.fatal.error };
  if (s.queue.length === 0 && s.running.length === 0) return finish(s, now);
  if (s.fatal !== undefined) return WAIT;
  if (s.quotaUntil > now) {
    // Windows still in flight will hit the same quota; the timer is durable and survives restarts.
    enter(s, 'waiting-for-quota', now);
    return { type: 'waitForEvent', timeoutMs: s.quotaUntil - now };
  }
  if (s.paused) {
    enter(s, 'paused', now);
    return WAIT;
  }
  enter(s, 'running', now);
  if (s.continueAsNewSuggested) {
    // Only with no window in flight: their results must land in this run's state before it is carried.
    return s.running.length > 0 ? WAIT : { type: 'continueAsNew', carried: carriedState(s, now) };
  }
  const next = s.running.length < s.concurrency ? s.queue.shift() : undefined;
  if (next === undefined) return WAIT;
  s.running.push({ window: next, pausing: false });
  return { type: 'startWindow', task: { window: next, cursor: s.cursors[next.id] } };
}

function finish(s: Draft, now: number): MachineCommand {
  const failures = Object.values(s.failed);
  if (failures.length > 0) {
    enter(s, 'failed', now);
    return { type: 'failWindows', failures, total: s.windows.length };
  }
  enter(s, 'completed', now);
  return { type: 'complete', result: backfillResult(s, now) };
}

/** Removes a window from those in flight; an unknown id is a bug in the shell, never ignored. */
function take(s: Draft, windowId: string): RunningWindow {
  const entry = s.running.find((r) => r.window.id === windowId);
  if (entry === undefined) throw new Error(`Window ${windowId} is not running`);
  s.running = s.running.filter((r) => r !== entry);
  return entry;
}
