/**
 * The Temporal shell around the backfill machine (backfill-machine.ts): it executes the machine's commands
 * with Temporal's primitives — activities in cancellation scopes, durable timers, `condition`, continue-as-
 * new — and feeds their outcomes, the signals and the workflow clock back as events. Every decision is the
 * machine's; what stays here is how Temporal does it, in the order the recorded histories hold.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  BackfillInput,
  BackfillProgress,
  BackfillResult,
  CarriedState,
  DailyQuotaDetails,
} from '../types.ts';
import { FAILURE_TYPES } from '../types.ts';
import { backfillActivities } from './activity-proxies.ts';
import { step } from './backfill-machine.ts';
import { initialMachine, progressSnapshot } from './machine-state.ts';
import type { MachineCommand, MachineEvent, MachineState, WindowStart } from './machine-types.ts';
import { FAILED_WINDOWS_PATCH, PLAN_AT_START_PATCH, SHORT_HEARTBEAT_PATCH } from './patches.ts';
import { progressView } from './progress-view.ts';
import { failedWindowsFailure, windowFailure } from './window-failures.ts';

type Commands = readonly MachineCommand[];
/** `smsBackfill`'s signature (index.ts), for continue-as-new. */
type Backfill = (input: BackfillInput, carried?: CarriedState) => Promise<BackfillResult>;

export class BackfillShell {
  private machine: MachineState;
  private readonly scopes = new Map<string, CancellationScope>();
  /** Bumped by every event: `waitForEvent` wakes on it. */
  private tick = 0;
  private readonly activities: ReturnType<typeof backfillActivities>;
  private readonly input: BackfillInput;
  /** What the run before this one carried (continue-as-new); undefined for a new backfill. */
  private readonly carried: CarriedState | undefined;

  constructor(input: BackfillInput, carried: CarriedState | undefined) {
    this.input = input;
    this.carried = carried;
    const heartbeatTimeoutMs = input.options?.heartbeatTimeoutMs ?? defaultHeartbeatTimeoutMs();
    this.activities = backfillActivities(heartbeatTimeoutMs);
    this.machine = initialMachine(input, carried, Date.now());
  }

  progress(): BackfillProgress {
    return progressView(progressSnapshot(this.machine, Date.now()));
  }

  /** An event arriving while the workflow waits (a signal, a window's end): its cancellations run at once. */
  receive(event: MachineEvent): void {
    for (const command of this.dispatch(event)) {
      if (command.type === 'cancelWindow') this.scopes.get(command.windowId)?.cancel();
    }
  }

  async run(): Promise<BackfillResult> {
    try {
      const options = this.input.options ?? {};
      const planFirst = this.carried === undefined && (options.plan ?? true) && patched(PLAN_AT_START_PATCH);
      let commands = this.wake({ type: 'started', now: Date.now(), planFirst });
      for (;;) {
        const outcome = await this.execute(commands);
        if ('result' in outcome) return outcome.result;
        commands = outcome.next;
      }
    } catch (error) {
      if (isCancellation(error)) {
        this.dispatch({ type: 'cancelRequested' });
        // Let cancelled windows stop at a page boundary before the workflow closes: the sink stays consistent.
        await CancellationScope.nonCancellable(() => condition(() => this.machine.running.length === 0));
      }
      throw error;
    }
  }

  /** Runs one step's commands in order: the result, or the commands of the event that ends its wait. */
  private async execute(commands: Commands): Promise<{ next: Commands } | { result: BackfillResult }> {
    let next: Commands = [];
    for (const command of commands) {
      switch (command.type) {
        case 'startWindow':
          this.launch(command.task);
          break;
        case 'cancelWindow':
          this.scopes.get(command.windowId)?.cancel();
          break;
        case 'runPlan':
          next = await this.plan();
          break;
        case 'sleep':
          await sleep(command.ms);
          next = this.dispatch({ type: 'timerFired', now: Date.now() });
          break;
        case 'waitForEvent':
          next = await this.waitForEvent(command.timeoutMs);
          break;
        case 'continueAsNew':
          await condition(allHandlersFinished);
          return await continueAsNew<Backfill>(this.input, command.carried);
        case 'complete':
          return { result: command.result };
        case 'fail':
          throw command.error;
        case 'failWindows':
          throw failedWindowsFailure(command.failures, command.total);
      }
    }
    return { next };
  }

  private dispatch(event: MachineEvent): Commands {
    const next = step(this.machine, event);
    this.machine = next.state;
    this.tick++;
    return next.commands;
  }

  /** An event the workflow decides on, after noting a continue-as-new suggestion (history only grows). */
  private wake(event: MachineEvent): Commands {
    const info = workflowInfo();
    const maxEvents = this.input.options?.maxHistoryEvents;
    if (info.continueAsNewSuggested || (maxEvents !== undefined && info.historyLength > maxEvents)) {
      this.dispatch({ type: 'continueAsNewSuggested' });
    }
    return this.dispatch(event);
  }

  private async waitForEvent(timeoutMs: number | undefined): Promise<Commands> {
    const seen = this.tick;
    if (timeoutMs === undefined) await condition(() => this.tick !== seen);
    else if (!(await condition(() => this.tick !== seen, timeoutMs))) {
      return this.wake({ type: 'timerFired', now: Date.now() });
    }
    return this.wake({ type: 'woke', now: Date.now() });
  }

  /** Plans; a daily-quota stop becomes the machine's timer, any other failure ends the backfill. */
  private async plan(): Promise<Commands> {
    const { input } = this;
    const options = input.options ?? {};
    try {
      const plan = await this.activities.planBackfill({
        account: input.account,
        from: input.from,
        to: input.to,
        filters: input.filters ?? {},
        favor: options.favor ?? 'quota',
        pageSize: options.pageSize ?? 100,
        rate: options.rate ?? {},
      });
      return this.wake({ type: 'planned', plan, now: Date.now() });
    } catch (error) {
      const quota = dailyQuota(error);
      if (!quota) throw error;
      return this.dispatch({ type: 'planQuotaHit', details: quota, now: Date.now() });
    }
  }

  /** Starts a window's activity in its own scope, so a pause or a fatal failure can cancel it alone. */
  private launch({ window, cursor }: WindowStart): void {
    const { input } = this;
    const options = input.options ?? {};
    const scope = new CancellationScope();
    this.scopes.set(window.id, scope);
    const task = {
      backfillId: workflowInfo().workflowId,
      account: input.account,
      window,
      filters: input.filters ?? {},
      sink: input.sink,
      pageSize: options.pageSize ?? 100,
      rate: options.rate ?? {},
      cursor,
    };
    scope
      .run(() => this.activities.backfillWindow(task))
      .then(
        (result) => this.receive({ type: 'windowSucceeded', windowId: window.id, result }),
        (error: unknown) => this.receive(windowEnded(window.id, error)),
      )
      .finally(() => this.scopes.delete(window.id));
  }
}

/** A lost worker's windows wait this long before they resume elsewhere (the patch shortened it). */
function defaultHeartbeatTimeoutMs(): number {
  return patched(SHORT_HEARTBEAT_PATCH) ? 10_000 : 30_000;
}

/** How a window's activity ended, as the machine's event. */
function windowEnded(windowId: string, error: unknown): MachineEvent {
  const quota = dailyQuota(error);
  if (quota) return { type: 'dailyQuotaHit', windowId, details: quota, now: Date.now() };
  if (isCancellation(error)) return { type: 'windowCancelled', windowId };
  // Final for this window only (a 400 for its range, a write the sink refuses, the retry cap), or
  // backfill-wide (bad credentials, bad sink) — and every failure was backfill-wide before the patch.
  const failure = windowFailure(windowId, error);
  if (failure && patched(FAILED_WINDOWS_PATCH)) return { type: 'windowFailed', windowId, failure };
  return { type: 'windowFatal', windowId, error };
}

function dailyQuota(error: unknown): DailyQuotaDetails | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type === FAILURE_TYPES.dailyQuota) {
    return cause.details?.[0] as DailyQuotaDetails | undefined;
  }
  return undefined;
}
