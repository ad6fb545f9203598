/**
 * The `loopPageTokens` fault (faults.ts): page tokens that go round A → B → A, as a server with broken
 * cursors might. Only computed while the fault is on.
 */
import type { SandboxState } from './sandbox-state.ts';
import type { SmsQuery } from './sms-query.ts';
import { type buildPredicate, findPage } from './sms-search.ts';

/**
 * The `loopPageTokens` fault: the token of the query's first page, handed out again by a later page unless
 * that page was fetched with it, so a client following tokens alternates A → B → A. Both tokens are
 * remembered per query so the loop repeats the same strings, as a server with stateless tokens would.
 */
export function loopToken(
  state: SandboxState,
  q: SmsQuery,
  queryHash: string,
  predicate: ReturnType<typeof buildPredicate>,
  nowMs: number,
  presented: string,
): string {
  const ordering = state.index.ordering(state.variants.boundField);
  // The honest token after the page ending at `rank`: what a working server would hand out.
  const tokenAfter = (rank: number): string =>
    state.pageTokens.encode({
      fingerprintHash: queryHash,
      rank,
      lowSec: q.lowSec,
      highSec: q.highSec,
      fromSec: q.fromSec,
      toSec: q.toSec,
      issuedAtMs: nowMs,
      seq: state.pageTokenSeq,
    });
  const first = findPage(state.dataset, ordering, q, predicate, null, q.pageSize);
  const a = state.loopTokens.get(queryHash) ?? tokenAfter(first.lastRank);
  state.loopTokens.set(queryHash, a);
  if (presented !== a) return a;
  // Fetched with A: the honest next token, B (remembered, so every lap sends the same B).
  const key = `${queryHash}:B`;
  const b =
    state.loopTokens.get(key) ??
    tokenAfter(findPage(state.dataset, ordering, q, predicate, first.lastRank, q.pageSize).lastRank);
  state.loopTokens.set(key, b);
  return b;
}
