/**
 * A worker's lease on its account's limits (budget-leases.ts has the split, workflows/account-budget.ts
 * the coordinator). While the worker runs windows or plans, it renews its lease every 2 s, weighted by
 * how many; every Zoom request passes the lease's gate, which paces at the granted rate and counts the
 * granted daily allowance. With no live grant (not renewed yet, or the coordinator out of reach), the gate
 * waits: a grant that may have expired at the coordinator is never spent, because the coordinator may
 * already have given it to another worker. When the worker's last window ends it gives the lease back.
 */
import { type Clock, type Logger, type Sleep, ZoomAbortError, ZoomDailyQuotaError } from '@zcc-sms/core';
import type { LeaseGrant, LeaseLimits, LeaseRequest } from './budget-leases.ts';

/** The coordinator, as the worker reaches it (update-with-start in worker.ts). */
export interface LeaseCoordinator {
  renew(request: LeaseRequest): Promise<LeaseGrant>;
  release(holder: string, spent: number): Promise<void>;
}

export interface BudgetLeaseDeps {
  readonly coordinator: LeaseCoordinator;
  /** This worker process, unique among the account's workers. */
  readonly holder: string;
  /** The account's limits as this worker reads them (its backfills' rate options × `--share`); none yet: 0. */
  readonly limits: () => LeaseLimits;
  /** The API's clock (the daily quota's day). */
  readonly apiClock: Clock;
  readonly sleep: Sleep;
  /** Monotonic local time for the grant's validity (ms). Default `performance.now`. */
  readonly elapsed?: (() => number) | undefined;
  readonly logger: Logger;
  /** Default 2,000 ms; the coordinator's lease lives three times as long (`LEASE_TTL_MS`). */
  readonly renewMs?: number | undefined;
}

/** What a request passes before it is sent. */
export interface LeaseGate {
  /** Waits for a slot of the granted rate and allowance; throws `ZoomDailyQuotaError` when today's quota is spent. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface BudgetLease {
  readonly gate: LeaseGate;
  /** Runs `work` (a window or a plan) with the lease weighted by it. */
  hold<T>(work: () => Promise<T>): Promise<T>;
  /** Stops renewing and gives the lease back, waiting `CLOSE_WAIT_MS` at most for the coordinator. */
  close(): Promise<void>;
}

/** Below its fair share a holder renews this often, so capacity others free reaches it quickly. */
const CATCH_UP_MS = 500;
/**
 * How long closing waits for a renewal in flight and the release. Giving the lease back is a courtesy (it
 * expires within its time to live anyway), and at shutdown it may have no one to answer it: the
 * coordinator is a workflow, and this worker — perhaps its only poller — has stopped polling. Waiting out
 * both calls' 5 s deadlines held a SIGTERMed worker's exit up to 10 s (seen on a loaded CI machine).
 */
export const CLOSE_WAIT_MS = 2_000;
/**
 * With no answer from the coordinator for this long (a Temporal server without update-with-start, a long
 * outage), the worker stops waiting for leases and paces at its own budget (the account's limits ×
 * `--share`), saying so: waiting for ever would stall every window in silence.
 */
const UNLEASED_AFTER_MS = 30_000;
/** A grant is spent only until this long before it could have expired at the coordinator. */
const VALIDITY_MARGIN_MS = 1_000;

interface Held {
  readonly grant: LeaseGrant;
  readonly until: number;
  allowance: number;
}

export function createBudgetLease(deps: BudgetLeaseDeps): BudgetLease {
  const elapsed = deps.elapsed ?? (() => performance.now());
  const renewMs = deps.renewMs ?? 2_000;
  let weight = 0;
  let spent = 0;
  let held: Held | undefined;
  let nextSlot = 0;
  let loop: Promise<void> | undefined;
  let closed = false;
  /** `close` stopped waiting for the release. */
  let gaveUp = false;
  let wake = signalled();
  let renewed = signalled();
  let answeredAt: number | undefined;
  let unleased = false;
  /** A renewal went out (the limits were known): from then on the loop's own schedule paces renewals. */
  let asked = false;

  const live = (): Held | undefined => (held && elapsed() < held.until ? held : undefined);

  async function renew(): Promise<void> {
    const limits = deps.limits();
    if (limits.perSecond <= 0) return;
    asked = true;
    const sentAt = elapsed();
    const reported = spent;
    spent = 0;
    try {
      const request = { holder: deps.holder, weight, limits, spent: reported, apiNow: deps.apiClock.now() };
      const grant = await deps.coordinator.renew(request);
      held = { grant, until: sentAt + grant.validForMs - VALIDITY_MARGIN_MS, allowance: grant.daily };
      answeredAt = elapsed();
      if (unleased) deps.logger.warn('budget lease renewed again; the worker paces at its lease', {});
      unleased = false;
    } catch (error) {
      spent += reported;
      const message = (error as Error).message;
      answeredAt ??= sentAt;
      if (!unleased && elapsed() - answeredAt > UNLEASED_AFTER_MS) {
        unleased = true;
        deps.logger.error(
          "the account's budget coordinator has not answered for 30 s; this worker paces at its own budget (the account's limits × --share) until it answers",
          { error: message },
        );
      } else if (!unleased) {
        deps.logger.warn('budget lease not renewed; requests wait for the next renewal', { error: message });
      }
    }
    renewed.fire();
    renewed = signalled();
  }

  async function run(): Promise<void> {
    // Until no window is left after a release: one that starts while the lease is being given back must
    // not find the loop ending under it (its requests would wait for a renewal that never comes).
    while (weight > 0 && !closed) {
      while (weight > 0 && !closed) {
        await renew();
        const h = live();
        // Below its fair share, or out of allowance, a worker asks again sooner (others free capacity as
        // they renew); never in a tight loop, whatever the coordinator answers.
        const behind =
          h !== undefined && (h.grant.perSecond < h.grant.fairPerSecond * 0.99 || h.allowance <= 0);
        await Promise.race([deps.sleep(behind ? CATCH_UP_MS : renewMs), wake.promise]);
      }
      held = undefined;
      const reported = spent;
      spent = 0;
      await deps.coordinator.release(deps.holder, reported).catch((error: unknown) => {
        // The lease then expires on its own within its time to live. After `close` stopped waiting, the
        // call fails as the connection closes under it: expected, not worth a warning at every exit.
        const fields = { error: (error as Error).message };
        const message = 'budget lease not released; it expires within its time to live';
        if (gaveUp) deps.logger.debug(message, fields);
        else deps.logger.warn(message, fields);
      });
    }
  }

  function start(): void {
    if (!loop && weight > 0 && !closed) loop = run().finally(() => (loop = undefined));
  }

  function poke(): void {
    wake.fire();
    wake = signalled();
    start();
  }

  async function waitForRenewal(signal: AbortSignal | undefined): Promise<void> {
    // The first request wakes the loop (its limits are known now); later ones wait for its schedule.
    if (asked) start();
    else poke();
    let onAbort = () => {};
    const aborted = new Promise<void>((resolve) => {
      onAbort = () => resolve();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([renewed.promise, aborted]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  const gate: LeaseGate = {
    async acquire(signal) {
      for (;;) {
        if (signal?.aborted) throw new ZoomAbortError('Aborted while waiting for the account budget lease');
        if (unleased) return;
        const h = live();
        if (h?.grant.quotaSpent && h.allowance <= 0) {
          throw new ZoomDailyQuotaError(
            `The account's daily request quota is spent until ${new Date(h.grant.resetAt).toISOString()}`,
            { resetAt: h.grant.resetAt, status: 429 },
          );
        }
        const now = elapsed();
        const slot = h && h.grant.perSecond > 0 ? Math.max(now, nextSlot) : Number.POSITIVE_INFINITY;
        // No grant, no allowance, or a slot past the grant (or too far off to keep a tiny rate): renew first.
        if (!h || h.allowance <= 0 || slot >= h.until || slot - now > renewMs) {
          await waitForRenewal(signal);
          continue;
        }
        nextSlot = slot + 1000 / h.grant.perSecond;
        h.allowance -= 1;
        spent += 1;
        if (slot > now) await deps.sleep(slot - now, signal);
        return;
      }
    },
  };

  return {
    gate,
    async hold(work) {
      weight += 1;
      poke();
      try {
        return await work();
      } finally {
        weight -= 1;
        if (weight === 0) poke();
      }
    },
    async close() {
      closed = true;
      poke();
      const running = loop;
      if (running === undefined) return;
      const waited = new AbortController();
      const timedOut = await Promise.race([
        running.then(() => false),
        deps.sleep(CLOSE_WAIT_MS, waited.signal).then(
          () => true,
          () => false,
        ),
      ]);
      waited.abort();
      gaveUp = timedOut;
    },
  };
}

/** Runs work while the leases it spends count it. */
export type Holding = <R>(work: () => Promise<R>) => Promise<R>;

/**
 * Wraps each activity so the lease(s) its task spends count it while it runs: `lease` (a one-account
 * worker), or the holding `holdingFor` picks from the task (a worker holding several accounts).
 */
export function holdingLease<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
  lease: BudgetLease | ((task: unknown) => Holding),
): T {
  const holdingFor = typeof lease === 'function' ? lease : (): Holding => (work) => lease.hold(work);
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = (...args: never[]) => holdingFor(args[0])(() => fn(...args));
  }
  return wrapped as T;
}

function signalled(): { promise: Promise<void>; fire(): void } {
  let fire = () => {};
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}
