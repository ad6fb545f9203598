/**
 * The trigger's polling policy, pure (the node only reads and writes workflow static data around it).
 *
 * Zoom lists an engagement only once it is completed, and possibly with a `start_time` inside a range that
 * was already polled (ZOOM-API.md). So each poll re-reads a look-back overlap before the previous poll's
 * end — [previous end − look-back, now] — and drops engagements it already emitted.
 *
 * The dedupe set is exact and bounded by time, not by a count: an id can only come back while its time is
 * inside some future window, i.e. while max(start_time, end_time) ≥ (this poll's end − look-back),
 * whichever time Zoom filters on (UNCONFIRMED). Older ids are pruned: no later poll can return them. So the
 * state holds the engagements of the last look-back (plus one poll interval) — the same records a poll
 * reads anyway — about 45 bytes each in workflow static data (10,000 engagements in the look-back ≈
 * 450 KB). There is no count cap: dropping the oldest ids of a busy account's overlap would emit those
 * engagements again on the next poll. To keep the state smaller, shorten the look-back.
 */
import { formatInstant, type SmsRecord } from '@zcc-sms/core';

export const POLL_STATE_VERSION = 1;
const DAY_MS = 86_400_000;

export interface PollState {
  readonly version: number;
  /** End of the last completed poll window (ISO, UTC); absent before the first poll. */
  readonly cursor?: string | undefined;
  /** Engagement id → its latest time (epoch seconds), for ids that a later window may return again. */
  readonly seen: Readonly<Record<string, number>>;
}

export interface PollSettings {
  /** First activation: emit nothing and start from now, or emit the last `firstRunDays` days. */
  readonly firstRun: 'now' | 'lastDays';
  readonly firstRunDays: number;
  readonly lookbackMs: number;
}

export type PollStep =
  | { readonly kind: 'initialize'; readonly state: PollState }
  | { readonly kind: 'fetch'; readonly from: string; readonly to: string };

/** Static data as it was saved (anything else, e.g. from another version, starts afresh). */
export function readPollState(data: unknown): PollState {
  const d = (data ?? {}) as { version?: unknown; cursor?: unknown; seen?: unknown };
  if (d.version !== POLL_STATE_VERSION) return { version: POLL_STATE_VERSION, seen: {} };
  const seen: Record<string, number> = {};
  if (d.seen !== null && typeof d.seen === 'object') {
    for (const [id, at] of Object.entries(d.seen as Record<string, unknown>))
      if (typeof at === 'number') seen[id] = at;
  }
  return { version: POLL_STATE_VERSION, cursor: typeof d.cursor === 'string' ? d.cursor : undefined, seen };
}

/**
 * What this poll reads.
 *
 * @example
 * nextPollStep({ version: 1, cursor: '2026-03-01T10:00:00Z', seen: {} }, Date.parse('2026-03-01T10:05:00Z'),
 *   { firstRun: 'now', firstRunDays: 7, lookbackMs: 3_600_000 });
 * // { kind: 'fetch', from: '2026-03-01T09:00:00Z', to: '2026-03-01T10:05:00Z' }
 */
export function nextPollStep(state: PollState, nowMs: number, settings: PollSettings): PollStep {
  const now = Math.floor(nowMs / 1000) * 1000;
  const to = formatInstant(now);
  if (state.cursor === undefined) {
    if (settings.firstRun === 'now')
      return { kind: 'initialize', state: { version: POLL_STATE_VERSION, cursor: to, seen: {} } };
    return { kind: 'fetch', from: formatInstant(now - settings.firstRunDays * DAY_MS), to };
  }
  const cursor = Date.parse(state.cursor);
  // A clock that went backwards must not produce from > to.
  const from = Math.min(cursor - settings.lookbackMs, now);
  return { kind: 'fetch', from: formatInstant(from), to };
}

function latestSecond(record: SmsRecord, fallback: number): number {
  const times = [record.start_time, record.end_time].map((t) =>
    t === undefined ? Number.NaN : Date.parse(t),
  );
  const valid = times.filter((t) => !Number.isNaN(t));
  return valid.length === 0 ? fallback : Math.floor(Math.max(...valid) / 1000);
}

/**
 * The records not emitted before (in chronological order) and the state after this poll.
 *
 * @example
 * const { fresh, state } = admitRecords(previous, records, { to: step.to, lookbackMs });
 */
export function admitRecords(
  previous: PollState,
  records: readonly SmsRecord[],
  window: { readonly to: string; readonly lookbackMs: number },
): { fresh: SmsRecord[]; state: PollState } {
  const toSec = Math.floor(Date.parse(window.to) / 1000);
  const seen: Record<string, number> = { ...previous.seen };
  const fresh: SmsRecord[] = [];
  for (const record of records) {
    const at = latestSecond(record, toSec);
    if (seen[record.engagement_id] === undefined) fresh.push(record);
    seen[record.engagement_id] = Math.max(at, seen[record.engagement_id] ?? at);
  }
  // The next poll reads from (this end − look-back): an id whose latest time is before that never returns.
  const keepFrom = toSec - Math.floor(window.lookbackMs / 1000);
  const kept = Object.entries(seen).filter(([, at]) => at >= keepFrom);
  fresh.sort((a, b) => latestSecond(a, toSec) - latestSecond(b, toSec));
  return { fresh, state: { version: POLL_STATE_VERSION, cursor: window.to, seen: Object.fromEntries(kept) } };
}
