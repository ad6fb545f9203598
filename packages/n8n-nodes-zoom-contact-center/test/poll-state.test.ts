import type { SmsRecord } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import { admitRecords, nextPollStep, readPollState } from '../nodes/ZoomContactCenterTrigger/poll-state.ts';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const rec = (id: string, start: string, end: string): SmsRecord => ({
  engagement_id: id,
  start_time: start,
  end_time: end,
});

describe('nextPollStep', () => {
  const settings = { firstRun: 'now' as const, firstRunDays: 3, lookbackMs: HOUR };

  it('first activation "from now" emits nothing and starts the cursor at now', () => {
    const step = nextPollStep(readPollState({}), at('2026-03-01T10:00:00.900Z'), settings);
    expect(step).toEqual({
      kind: 'initialize',
      state: { version: 1, cursor: '2026-03-01T10:00:00Z', seen: {} },
    });
  });

  it('first activation "last days" reads those days', () => {
    const step = nextPollStep(readPollState(undefined), at('2026-03-01T10:00:00Z'), {
      ...settings,
      firstRun: 'lastDays',
    });
    expect(step).toEqual({ kind: 'fetch', from: '2026-02-26T10:00:00Z', to: '2026-03-01T10:00:00Z' });
  });

  it('later polls re-read the look-back before the previous end, even after a long pause', () => {
    const state = { version: 1, cursor: '2026-03-01T10:00:00Z', seen: {} };
    expect(nextPollStep(state, at('2026-03-01T10:01:00Z'), settings)).toEqual({
      kind: 'fetch',
      from: '2026-03-01T09:00:00Z',
      to: '2026-03-01T10:01:00Z',
    });
    expect(nextPollStep(state, at('2026-06-01T00:00:00Z'), settings)).toMatchObject({
      from: '2026-03-01T09:00:00Z',
    });
  });

  it('never plans from > to when the clock went backwards', () => {
    const step = nextPollStep(
      { version: 1, cursor: '2026-03-01T10:00:00Z', seen: {} },
      at('2026-03-01T08:00:00Z'),
      settings,
    );
    expect(step).toEqual({ kind: 'fetch', from: '2026-03-01T08:00:00Z', to: '2026-03-01T08:00:00Z' });
  });

  it('ignores static data of another shape or version', () => {
    expect(readPollState({ version: 99, cursor: 'x', seen: { a: 1 } })).toEqual({ version: 1, seen: {} });
    expect(readPollState({ version: 1, cursor: '2026-01-01T00:00:00Z', seen: { a: 5, b: 'bad' } })).toEqual({
      version: 1,
      cursor: '2026-01-01T00:00:00Z',
      seen: { a: 5 },
    });
  });
});

describe('admitRecords', () => {
  const lookbackMs = HOUR;

  it('emits each engagement once across overlapping polls, oldest first, including late-listed ones', () => {
    const first = admitRecords(
      readPollState({}),
      [
        rec('b', '2026-03-01T09:40:00Z', '2026-03-01T09:50:00Z'),
        rec('a', '2026-03-01T09:10:00Z', '2026-03-01T09:20:00Z'),
      ],
      { to: '2026-03-01T10:00:00Z', lookbackMs },
    );
    expect(first.fresh.map((r) => r.engagement_id)).toEqual(['a', 'b']);
    // Next poll re-reads [09:00, 10:05]: a and b come back, c was listed late with an early start.
    const second = admitRecords(
      first.state,
      [
        rec('a', '2026-03-01T09:10:00Z', '2026-03-01T09:20:00Z'),
        rec('c', '2026-03-01T09:05:00Z', '2026-03-01T10:02:00Z'),
        rec('b', '2026-03-01T09:40:00Z', '2026-03-01T09:50:00Z'),
      ],
      { to: '2026-03-01T10:05:00Z', lookbackMs },
    );
    expect(second.fresh.map((r) => r.engagement_id)).toEqual(['c']);
    expect(second.state.cursor).toBe('2026-03-01T10:05:00Z');
  });

  it('forgets ids that no later window can return (latest time before this end minus the look-back)', () => {
    const { state } = admitRecords(
      readPollState({}),
      [
        rec('old', '2026-03-01T08:00:00Z', '2026-03-01T08:59:59Z'),
        rec('edge', '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z'),
      ],
      { to: '2026-03-01T10:00:00Z', lookbackMs },
    );
    expect(Object.keys(state.seen)).toEqual(['edge']);
  });

  it('a busy account (25,000 engagements in the look-back) emits each exactly once over many polls', () => {
    // 25,000 engagements over 50 minutes, polls five minutes apart for two hours, each re-reading the 60-minute
    // look-back; Zoom lists one in ten of them 20 minutes late (after later polls already ran).
    const base = at('2026-03-01T09:00:00Z');
    const all = Array.from({ length: 25_000 }, (_, i) => {
      const endMs = base + Math.floor((i * 50 * 60_000) / 25_000);
      const t = new Date(endMs).toISOString().replace(/\.\d+Z$/, 'Z');
      return { record: rec(`id-${i}`, t, t), listedAt: endMs + (i % 10 === 0 ? 20 * 60_000 : 0) };
    });
    let state = readPollState({ version: 1, cursor: '2026-03-01T09:00:00Z', seen: {} });
    const emitted: string[] = [];
    for (let poll = 1; poll <= 24; poll++) {
      const nowMs = base + poll * 5 * 60_000;
      const step = nextPollStep(state, nowMs, { firstRun: 'now', firstRunDays: 1, lookbackMs });
      if (step.kind !== 'fetch') throw new Error('expected a fetch');
      const [from, to] = [Date.parse(step.from), Date.parse(step.to)];
      const listed = all
        .filter((x) => x.listedAt <= nowMs && Date.parse(x.record.end_time!) >= from)
        .filter((x) => Date.parse(x.record.end_time!) <= to)
        .map((x) => x.record);
      const result = admitRecords(state, listed, { to: step.to, lookbackMs });
      emitted.push(...result.fresh.map((r) => r.engagement_id));
      state = result.state;
      // Bounded by time: only ids a later poll could return are kept.
      const keepFrom = Date.parse(step.to) / 1000 - lookbackMs / 1000;
      expect(Object.values(state.seen).every((t) => t >= keepFrom)).toBe(true);
    }
    expect(emitted.length - new Set(emitted).size, 'engagements emitted twice').toBe(0);
    expect(new Set(emitted)).toEqual(new Set(all.map((x) => x.record.engagement_id)));
    // After the busy hour has left the look-back, the state is empty again.
    expect(Object.keys(state.seen)).toHaveLength(0);
  });
});
