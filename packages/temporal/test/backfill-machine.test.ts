/**
 * The backfill state machine without a server: events in, commands out, as the workflow shell feeds it.
 * Asserts what a user notices — which windows start, when the backfill waits, completes or fails, and what
 * its result, its failure or its continue-as-new carry. The recorded histories (replay.test.ts) and the
 * real-server tests prove the shell executes these commands as before.
 */
import { readFile } from 'node:fs/promises';
import { monthWindows } from '@zcc-sms/core/windows';
import { describe, expect, it } from 'vitest';
import type { BackfillInput, BackfillPlan, CarriedState, TimeWindow, WindowCursor } from '../src/types.ts';
import { step } from '../src/workflows/backfill-machine.ts';
import { initialMachine } from '../src/workflows/machine-state.ts';
import type { MachineCommand, MachineEvent, MachineState } from '../src/workflows/machine-types.ts';

const T0 = Date.UTC(2026, 5, 1);
const SINK = { type: 'ndjson', dir: '/unused' } as const;
/** Four month windows. */
const INPUT: BackfillInput = { from: '2026-01-01', to: '2026-04-30', sink: SINK, options: { plan: false } };
const MONTHS = monthWindows(INPUT.from, INPUT.to);

/** Drives the machine like the shell: keeps the state, returns each event's commands. */
function machine(input: BackfillInput, carried?: CarriedState) {
  let state: MachineState = initialMachine(input, carried, T0);
  return {
    get state() {
      return state;
    },
    send(event: MachineEvent): readonly MachineCommand[] {
      const next = step(state, event);
      state = next.state;
      return next.commands;
    },
  };
}

const started = (commands: readonly MachineCommand[]) =>
  commands.flatMap((c) => (c.type === 'startWindow' ? [c.task.window.id] : []));
const last = (commands: readonly MachineCommand[]) => commands[commands.length - 1];
const ok = (windowId: string, records = 10, pages = 2): MachineEvent => ({
  type: 'windowSucceeded',
  windowId,
  result: { records, pages },
});

function plannedWindow(window: TimeWindow, requests: number) {
  return { window, records: requests * 100, requests };
}

function planOf(windows: readonly TimeWindow[], concurrency: number): BackfillPlan {
  const planned = windows.map((w, i) => plannedWindow(w, 50 - i));
  return {
    favor: 'quota',
    pageSize: 100,
    windows: planned,
    months: [],
    totalRecords: planned.reduce((n, w) => n + w.records, 0),
    totalRequests: planned.reduce((n, w) => n + w.requests, 0),
    probeRequests: windows.length,
    expectedFinish: T0 + 3_600_000,
    limits: { perSecond: 5, daily: 15_000 },
    concurrency,
    latencyMs: 100,
    plannedAt: T0,
  };
}

describe('backfill machine', () => {
  it('runs every window once at the set concurrency and completes with the totals', () => {
    const m = machine({ ...INPUT, options: { plan: false, windowConcurrency: 2 } });
    const first = m.send({ type: 'started', now: T0, planFirst: false });
    expect(started(first)).toEqual([MONTHS[0]!.id, MONTHS[1]!.id]);
    expect(last(first)).toEqual({ type: 'waitForEvent' });
    const landed = new Set<string>();
    const pending = started(first);
    let end: MachineCommand | undefined;
    for (let i = 0; i < 10 && pending.length > 0; i++) {
      const id = pending.shift()!;
      m.send(ok(id));
      landed.add(id);
      const next = m.send({ type: 'woke', now: T0 + (i + 1) * 1000 });
      pending.push(...started(next));
      expect(m.state.running.length).toBeLessThanOrEqual(2);
      end = last(next);
    }
    expect([...landed]).toEqual(MONTHS.map((w) => w.id));
    expect(end).toMatchObject({
      type: 'complete',
      result: { windows: 4, records: 40, requests: 8, startedAt: T0, finishedAt: T0 + 4000 },
    });
    expect(m.state.phase).toBe('completed');
  });

  it('plans first, runs the plan largest first, caps the plan concurrency at 16; the user choice wins', () => {
    const m = machine({ ...INPUT, options: {} });
    expect(m.send({ type: 'started', now: T0, planFirst: true })).toEqual([{ type: 'runPlan' }]);
    expect(m.state.phase).toBe('planning');
    const order = [MONTHS[2]!, MONTHS[0]!, MONTHS[3]!, MONTHS[1]!];
    const commands = m.send({ type: 'planned', plan: planOf(order, 40), now: T0 });
    expect(started(commands)).toEqual(order.map((w) => w.id));
    expect(m.state.concurrency).toBe(16);

    const chosen = machine({ ...INPUT, options: { windowConcurrency: 1 } });
    chosen.send({ type: 'started', now: T0, planFirst: true });
    expect(started(chosen.send({ type: 'planned', plan: planOf(order, 3), now: T0 }))).toEqual([
      order[0]!.id,
    ]);
  });

  it('waits out a daily quota during planning on a durable timer, then plans again', () => {
    const m = machine({ ...INPUT, options: { quotaMarginMs: 5_000 } });
    m.send({ type: 'started', now: T0, planFirst: true });
    const wait = m.send({ type: 'planQuotaHit', details: { resetAt: T0 + 60_000, waitMs: 60_000 }, now: T0 });
    expect(wait).toEqual([{ type: 'sleep', ms: 65_000 }]);
    expect(m.state.phase).toBe('waiting-for-quota');
    expect(m.send({ type: 'timerFired', now: T0 + 65_000 })).toEqual([{ type: 'runPlan' }]);
  });

  it('a window failed for good lets the others land, then fails listing it', () => {
    const m = machine({ ...INPUT, options: { plan: false, windowConcurrency: 4 } });
    m.send({ type: 'started', now: T0, planFirst: false });
    const failure = { windowId: MONTHS[1]!.id, type: 'ZoomBadRequestError', message: '400 bad range' };
    expect(m.send({ type: 'windowFailed', windowId: MONTHS[1]!.id, failure })).toEqual([]);
    for (const w of [MONTHS[0]!, MONTHS[2]!, MONTHS[3]!]) m.send(ok(w.id));
    expect(m.send({ type: 'woke', now: T0 + 1000 })).toEqual([
      { type: 'failWindows', failures: [failure], total: 4 },
    ]);
    expect(Object.keys(m.state.done)).toHaveLength(3);
    expect(m.state.phase).toBe('failed');
  });

  it('a backfill-wide failure cancels the windows in flight, starts no other, and fails with its cause', () => {
    const m = machine({ ...INPUT, options: { plan: false, windowConcurrency: 2 } });
    m.send({ type: 'started', now: T0, planFirst: false });
    const error = new Error('bad credentials');
    const cancels = m.send({ type: 'windowFatal', windowId: MONTHS[0]!.id, error });
    expect(cancels).toEqual([
      { type: 'cancelWindow', windowId: MONTHS[0]!.id },
      { type: 'cancelWindow', windowId: MONTHS[1]!.id },
    ]);
    expect(m.send({ type: 'woke', now: T0 })).toEqual([{ type: 'waitForEvent' }]);
    m.send({ type: 'windowCancelled', windowId: MONTHS[1]!.id });
    expect(m.send({ type: 'woke', now: T0 })).toEqual([{ type: 'fail', error }]);
  });

  it('a daily quota requeues the window with its checkpoint and waits on a timer until the reset', () => {
    const m = machine({ ...INPUT, options: { plan: false, windowConcurrency: 1, quotaMarginMs: 1_000 } });
    m.send({ type: 'started', now: T0, planFirst: false });
    const cursor: WindowCursor = {
      windowId: MONTHS[0]!.id,
      from: 'a',
      to: 'b',
      pages: 3,
      records: 300,
      done: false,
    };
    m.send({
      type: 'dailyQuotaHit',
      windowId: MONTHS[0]!.id,
      details: { resetAt: 0, waitMs: 9_000, cursor },
      now: T0,
    });
    expect(m.send({ type: 'woke', now: T0 })).toEqual([{ type: 'waitForEvent', timeoutMs: 10_000 }]);
    expect(m.state.phase).toBe('waiting-for-quota');
    const after = m.send({ type: 'timerFired', now: T0 + 10_000 });
    expect(after[0]).toEqual({ type: 'startWindow', task: { window: MONTHS[0], cursor } });
    expect(m.state.phase).toBe('running');
  });

  it('pause cancels the windows in flight and starts none; resume starts them again', () => {
    const m = machine({ ...INPUT, options: { plan: false, windowConcurrency: 2 } });
    m.send({ type: 'started', now: T0, planFirst: false });
    expect(m.send({ type: 'paused' })).toEqual([
      { type: 'cancelWindow', windowId: MONTHS[0]!.id },
      { type: 'cancelWindow', windowId: MONTHS[1]!.id },
    ]);
    m.send({ type: 'windowCancelled', windowId: MONTHS[0]!.id });
    m.send(ok(MONTHS[1]!.id));
    expect(m.send({ type: 'woke', now: T0 + 1000 })).toEqual([{ type: 'waitForEvent' }]);
    expect(m.state.phase).toBe('paused');
    m.send({ type: 'resumed' });
    expect(started(m.send({ type: 'woke', now: T0 + 60_000 }))).toEqual([MONTHS[0]!.id, MONTHS[2]!.id]);
    // Active time excludes the pause: 1 s before it.
    expect(m.state.activeMs).toBe(1000);
  });

  it('cancel marks the backfill cancelled and does not requeue the cancelled windows', () => {
    const m = machine({ ...INPUT, options: { plan: false, windowConcurrency: 2 } });
    m.send({ type: 'started', now: T0, planFirst: false });
    m.send({ type: 'cancelRequested' });
    m.send({ type: 'windowCancelled', windowId: MONTHS[0]!.id });
    m.send({ type: 'windowCancelled', windowId: MONTHS[1]!.id });
    expect(m.state.phase).toBe('cancelled');
    expect(m.state.running).toEqual([]);
    expect(m.state.queue.map((w) => w.id)).toEqual([MONTHS[2]!.id, MONTHS[3]!.id]);
  });

  it('continues as new once the windows in flight landed, and the next run starts only the rest', () => {
    const plan = planOf(MONTHS, 2);
    const m = machine({ ...INPUT, options: {} });
    m.send({ type: 'started', now: T0, planFirst: true });
    m.send({ type: 'planned', plan, now: T0 });
    const failure = { windowId: MONTHS[1]!.id, type: 'SinkWriteError', message: 'refused' };
    m.send({ type: 'continueAsNewSuggested' });
    m.send({
      type: 'windowSucceeded',
      windowId: MONTHS[0]!.id,
      result: { records: 7, pages: 1, rate: 4.5, usedToday: 120 },
    });
    expect(m.send({ type: 'woke', now: T0 + 500 })).toEqual([{ type: 'waitForEvent' }]);
    m.send({ type: 'windowFailed', windowId: MONTHS[1]!.id, failure });
    const [command] = m.send({ type: 'woke', now: T0 + 1000 });
    expect(command).toMatchObject({
      type: 'continueAsNew',
      carried: { runs: 1, startedAt: T0, activeMs: 1000 },
    });
    const carried = (command as Extract<MachineCommand, { type: 'continueAsNew' }>).carried;
    expect(carried.plan).toBe(plan);
    expect(carried.rateReport).toEqual({ rate: 4.5, usedToday: 120 });
    expect(carried.done).toEqual({ [MONTHS[0]!.id]: { records: 7, pages: 1 } });
    expect(carried.failed).toEqual({ [MONTHS[1]!.id]: failure });

    const next = machine({ ...INPUT, options: {} }, carried);
    expect(started(next.send({ type: 'started', now: T0 + 2000, planFirst: false }))).toEqual([
      MONTHS[2]!.id,
      MONTHS[3]!.id,
    ]);
    expect(next.state.runs).toBe(1);
  });

  it('never changes the state it is given', () => {
    const m = machine({ ...INPUT, options: { plan: false } });
    m.send({ type: 'started', now: T0, planFirst: false });
    const before = m.state;
    const copy = JSON.stringify(before);
    step(before, ok(MONTHS[0]!.id));
    step(before, { type: 'paused' });
    expect(JSON.stringify(before)).toBe(copy);
  });

  it('is pure: the machine modules import neither Temporal nor anything that does I/O', async () => {
    for (const name of ['backfill-machine.ts', 'machine-state.ts', 'machine-types.ts']) {
      const source = await readFile(new URL(`../src/workflows/${name}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => !i!.startsWith('.') && i !== '@zcc-sms/core/windows')).toEqual([]);
    }
  });

  it('refuses an event for a window that is not running (a shell bug, never ignored)', () => {
    const m = machine(INPUT);
    expect(() => m.send(ok(MONTHS[0]!.id))).toThrow(/not running/);
  });
});
