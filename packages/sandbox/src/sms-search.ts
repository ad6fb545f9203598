/**
 * Finding records: binary search to the window on the sort order, then a backwards scan (newest first)
 * evaluating visibility and filters per row. A page costs O(page size + rows skipped by filters).
 */
import { countryIndexByIso } from './countries.ts';
import type { Dataset } from './dataset-generate.ts';
import type { Ordering } from './dataset-index.ts';
import type { Catalog } from './record-fields.ts';
import {
  agentsOf,
  consumerNumber,
  consumerOf,
  countryOfConsumer,
  isInbound,
  positionOfEngagementId,
} from './record-fields.ts';
import type { SmsQuery } from './sms-query.ts';

export type Predicate = (pos: number) => boolean;

function digits(text: string): string {
  return text.replace(/\D/g, '');
}

/** Visibility at `nowSec` (late arrivals) plus every filter of the query. */
export function buildPredicate(ds: Dataset, catalog: Catalog, q: SmsQuery, nowSec: number): Predicate {
  const checks: Predicate[] = [(pos) => ds.visibleAt[pos]! <= nowSec];
  if (q.direction !== null) {
    const inbound = q.direction === 'inbound';
    checks.push((pos) => isInbound(ds, pos) === inbound);
  }
  if (q.countries !== null) {
    const wanted = new Set(q.countries.map(countryIndexByIso).filter((i) => i >= 0));
    checks.push((pos) => wanted.has(countryOfConsumer(ds, consumerOf(ds, pos))));
  }
  if (q.userId !== null) {
    const agent = catalog.agents.findIndex((a) => a.userId === q.userId);
    checks.push((pos) => agent >= 0 && agentsOf(ds, pos, catalog.agents.length).includes(agent));
  }
  if (q.consumerNumber !== null) {
    // Matched on digits, so `+14155550123` and `14155550123` both work (assumed lenient).
    const wanted = digits(q.consumerNumber);
    checks.push((pos) => digits(consumerNumber(ds, consumerOf(ds, pos))) === wanted);
  }
  if (checks.length === 1) return checks[0]!;
  return (pos) => {
    for (const check of checks) if (!check(pos)) return false;
    return true;
  };
}

export interface RankRange {
  /** Inclusive lowest rank of the window. */
  lo: number;
  /** Exclusive highest rank of the window. */
  hi: number;
}

export function windowRanks(ordering: Ordering, q: Pick<SmsQuery, 'lowSec' | 'highSec'>): RankRange {
  if (q.highSec < q.lowSec) return { lo: 0, hi: 0 };
  return { lo: ordering.lowerRank(q.lowSec), hi: ordering.upperRank(q.highSec) };
}

/** With an engagement_id filter there is at most one candidate: decode it instead of scanning. */
function singleCandidate(ds: Dataset, ordering: Ordering, q: SmsQuery): number | null {
  if (q.engagementId === null) return null;
  const pos = positionOfEngagementId(ds, q.engagementId);
  if (pos < 0) return -1;
  const t = ordering.field === 'start_time' ? ds.start[pos]! : ds.end[pos]!;
  return t >= q.lowSec && t <= q.highSec ? pos : -1;
}

export function countMatches(ds: Dataset, ordering: Ordering, q: SmsQuery, predicate: Predicate): number {
  const single = singleCandidate(ds, ordering, q);
  if (single !== null) return single >= 0 && predicate(single) ? 1 : 0;
  const { lo, hi } = windowRanks(ordering, q);
  let count = 0;
  for (let r = lo; r < hi; r++) if (predicate(ordering.posAt(r))) count++;
  return count;
}

export interface Page {
  positions: number[];
  /** Rank of the last returned record: the cursor a page token carries. */
  lastRank: number;
  hasMore: boolean;
}

/**
 * Records strictly older (lower rank) than `beforeRank`, newest first. The cursor is a rank in the static
 * sort order, not an offset among matches, so records becoming visible meanwhile never shift it.
 */
export function findPage(
  ds: Dataset,
  ordering: Ordering,
  q: SmsQuery,
  predicate: Predicate,
  beforeRank: number | null,
  limit: number,
): Page {
  const single = singleCandidate(ds, ordering, q);
  if (single !== null) {
    const hit = single >= 0 && beforeRank === null && predicate(single);
    return { positions: hit ? [single] : [], lastRank: -1, hasMore: false };
  }
  const { lo, hi } = windowRanks(ordering, q);
  const positions: number[] = [];
  let r = Math.min(hi, beforeRank ?? hi) - 1;
  let lastRank = -1;
  for (; r >= lo && positions.length < limit; r--) {
    const pos = ordering.posAt(r);
    if (predicate(pos)) {
      positions.push(pos);
      lastRank = r;
    }
  }
  let hasMore = false;
  for (; r >= lo; r--) {
    if (predicate(ordering.posAt(r))) {
      hasMore = true;
      break;
    }
  }
  return { positions, lastRank, hasMore };
}

/** Every match, newest first (ground truth). */
export function findAll(ds: Dataset, ordering: Ordering, q: SmsQuery, predicate: Predicate): number[] {
  return findPage(ds, ordering, q, predicate, null, Number.POSITIVE_INFINITY).positions;
}
