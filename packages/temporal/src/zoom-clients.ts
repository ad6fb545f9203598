/**
 * Zoom clients of a worker process, made from WORKER configuration (never from workflow input). A worker
 * serves one Zoom account (its credentials), so one account budget (account-budget.ts) serves every window
 * of every backfill it runs: concurrent windows and backfills with different rate options share the
 * account's limit instead of each taking all of it. `onDailyQuota: 'throw'`: the activity turns the spent quota into
 * a durable wait in the workflow rather than sleeping inside an activity for hours.
 */
import type {
  Clock,
  Logger,
  RateBudgetState,
  RequestObserver,
  Sleep,
  Transport,
  ZoomAuth,
  ZoomClient,
} from '@zcc-sms/core';
import { createNodeZoomClient, systemClock, timerSleep } from '@zcc-sms/core/node';
import { createAccountBudget } from './account-budget.ts';
import type { LeaseGate } from './budget-lease.ts';
import type { RateOptions } from './types.ts';

/** What every pool of Zoom clients takes besides its accounts: the API's address, the worker's share, effects. */
export interface ClientPoolSettings {
  /** Default `https://api.zoom.us/v2`. */
  readonly baseUrl?: string | undefined;
  /** The part of each account's limits all workers together may use, (0, 1] (apps outside zcc-sms spend the rest; `--share`); workers share it by leases. Default 1. */
  readonly workerShare?: number | undefined;
  /** The API's clock (tests inject the sandbox clock). Default `Date.now`. */
  readonly clock?: Clock | undefined;
  /** Default `timerSleep`. */
  readonly sleep?: Sleep | undefined;
  /** Default: an undici transport per client. */
  readonly transport?: Transport | undefined;
  /** Default silent. */
  readonly logger?: Logger | undefined;
  /** Told about every HTTP attempt of every client (metrics, tracing). */
  readonly observer?: RequestObserver | undefined;
}

/** Options of `createZoomClientPool`: one account's credentials, and its lease across workers. */
export interface ZoomClientPoolOptions extends ClientPoolSettings {
  /** Zoom credentials. */
  readonly auth: ZoomAuth;
  /** The worker's lease on the account's limits across workers (`createBackfillWorker` passes one). */
  readonly gate?: LeaseGate | undefined;
}

/** Zoom clients of one worker, one per distinct rate option set, all sharing the account's budget. */
export interface ZoomClientPool {
  /** The client for a backfill's rate options (one per distinct option set, all in the account's budget). */
  get(rate: RateOptions): ZoomClient;
  /** The clock the clients use (the API's view of time). */
  readonly clock: Clock;
  /** This worker's share of the account's limits (reports are scaled back to the whole backfill). */
  readonly workerShare: number;
  /** The account budget's state (the one every client waits on), `undefined` before the first client. */
  budgetState(): RateBudgetState | undefined;
  /** The account's limits the backfills seen so far describe (the strictest), times the worker's share. */
  accountLimits(): { readonly perSecond: number; readonly daily: number };
  /** Closes the clients' connections. */
  close(): Promise<void>;
}

/**
 * The Zoom clients a worker's activities use, sharing one account-wide rate budget.
 *
 * @example
 * const clients = createZoomClientPool({ auth: configFromEnv(process.env).auth });
 */
export function createZoomClientPool(options: ZoomClientPoolOptions): ZoomClientPool {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? timerSleep;
  const clients = new Map<string, ReturnType<typeof createNodeZoomClient>>();
  const workerShare = options.workerShare ?? 1;
  const account = createAccountBudget({ clock, sleep, workerShare, gate: options.gate });
  return {
    clock,
    workerShare,
    accountLimits: () => account.limits(),
    get(rate) {
      const ratePlan = rate.plan ?? 'pro';
      const share = (rate.share ?? 1) * workerShare;
      const key = `${ratePlan}:${share}:${rate.perSecond ?? ''}:${rate.daily ?? ''}`;
      let client = clients.get(key);
      if (!client) {
        const budget = account.forBackfill(rate);
        client = createNodeZoomClient({
          auth: options.auth,
          baseUrl: options.baseUrl,
          budget,
          clock,
          sleep,
          transport: options.transport,
          logger: options.logger,
          observer: options.observer,
        });
        clients.set(key, client);
      }
      return client;
    },
    budgetState: () => account.state(),
    async close() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.allSettled(all.map((c) => c.close()));
    },
  };
}
