/**
 * The per-account coordinator: a small workflow that holds the account's lease book (budget-leases.ts)
 * and answers workers' renewals as updates (update-with-start: the first worker to need it starts it).
 * Temporal keeps it durable and single-threaded, so every worker on every machine sees one book, and no
 * server of our own is needed. It ends after a minute with no live lease and no renewal, and continues as
 * new before its history grows large (each renewal adds a few events).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { EMPTY_BOOK, type LeaseBook, liveLeases, releaseLease, renewLease } from '../budget-leases.ts';
import { leaseUpdate, releaseUpdate } from './budget-definitions.ts';

/**
 * A lease not renewed for this long stops counting: a holder renews every 2 s (budget-lease.ts), so three
 * missed renewals mean a dead or cut-off worker, and its share goes to the others.
 */
export const LEASE_TTL_MS = 6_000;
/** The coordinator ends after this long with no live lease and no renewal. */
const IDLE_MS = 60_000;
/** Continue as new past this many events (the server suggests it much later, near 50,000). */
const MAX_HISTORY_EVENTS = 5_000;

/** The account's lease book as a workflow (`accountBudgetId(account)`); started by the workers' first lease. */
export async function accountBudget(carried?: LeaseBook): Promise<void> {
  let book = carried ?? EMPTY_BOOK;
  let renewals = 0;
  setHandler(leaseUpdate, (request) => {
    const next = renewLease(book, request, Date.now(), LEASE_TTL_MS);
    book = next.book;
    renewals++;
    return next.grant;
  });
  setHandler(releaseUpdate, ({ holder, spent }) => {
    book = releaseLease(book, holder, spent, Date.now());
    renewals++;
  });
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > MAX_HISTORY_EVENTS;
  for (;;) {
    const seen = renewals;
    if (await condition(historyFull, IDLE_MS)) break;
    if (renewals === seen && Object.keys(liveLeases(book, Date.now())).length === 0) {
      await condition(allHandlersFinished);
      return;
    }
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof accountBudget>({ ...book, leases: liveLeases(book, Date.now()) });
}
