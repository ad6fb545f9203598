/**
 * Zoom clients of a worker that holds several accounts (zoom-accounts.ts): one client pool per account
 * name, and one account budget (account-budget.ts) per account whose limits are spent. A request of an
 * account passes the budget of every payer `payerKeys` names, so reads through one master share the
 * master's budget when that is who pays, and every sub-account keeps to its own. With `lease`, each payer's
 * budget also passes that payer's lease across workers (budget-lease.ts), taken when the payer is first
 * used and held while windows of an account it pays for run (`hold`), exactly as a one-account worker does.
 */
import type { RateBudget, RateBudgetState } from '@zcc-sms/core';
import { ZoomInputError } from '@zcc-sms/core';
import { createNodeZoomClient, systemClock, timerSleep } from '@zcc-sms/core/node';
import { type AccountBudget, createAccountBudget } from './account-budget.ts';
import type { LeaseGate } from './budget-lease.ts';
import type { RateOptions } from './types.ts';
import { type OwnAppAccount, payerKeys, type ZoomAccounts } from './zoom-accounts.ts';
import type { ClientPoolSettings, ZoomClientPool } from './zoom-clients.ts';

/** Options of `createZoomAccountPools`: the accounts, URLs and injected effects. */
export interface ZoomAccountPoolsOptions extends ClientPoolSettings {
  /** The accounts and their credentials (`ZOOM_ACCOUNTS_FILE`). */
  readonly accounts: ZoomAccounts;
  /** Default `https://zoom.us/oauth/token`. */
  readonly tokenUrl?: string | undefined;
  /**
   * The lease on one paying account's limits across workers (the worker passes its coordinator's,
   * budget-lease.ts), given the payer's account id and its limits as this worker reads them. Without it
   * the worker assumes it is alone on every account (or `--share`d).
   */
  readonly lease?:
    | ((payer: string, limits: () => { readonly perSecond: number; readonly daily: number }) => PayerLease)
    | undefined;
}

/** A lease on one paying account's limits: its gate, counting the work that spends it, given back on close. */
export interface PayerLease {
  /** Every request of the payer passes it after the worker's own budgets. */
  readonly gate: LeaseGate;
  /** Runs `work` with the lease weighted by it. */
  hold<T>(work: () => Promise<T>): Promise<T>;
  /** Stops renewing and gives the lease back. */
  close(): Promise<void>;
}

/**
 * Client pools by account name, sharing budgets by payer.
 *
 * @example
 * const pools = createZoomAccountPools({ accounts });
 * const client = pools.pool('acme-emea').get({ plan: 'business' });
 */
export interface ZoomAccountPools {
  /** The pool of one account; throws `ZoomInputError` for a name the worker holds no credentials for. */
  pool(name: string): ZoomClientPool;
  /** The names held. */
  names(): string[];
  /** Runs `work` (a window or plan of account `name`) holding the lease of every account it spends. */
  hold<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Closes every client and gives every lease back. */
  close(): Promise<void>;
}

/**
 * A worker's clients for several accounts: one pool per account name, one budget per paying account.
 *
 * @example
 * const pools = createZoomAccountPools({ accounts: parseZoomAccounts(json, 'accounts.json') });
 * const client = pools.pool('emea').get({ plan: 'business' });
 */
export function createZoomAccountPools(options: ZoomAccountPoolsOptions): ZoomAccountPools {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? timerSleep;
  const workerShare = options.workerShare ?? 1;
  const { accounts } = options;
  const budgets = new Map<string, AccountBudget>();
  const leases = new Map<string, PayerLease>();
  const budgetOf = (key: string): AccountBudget => {
    let budget = budgets.get(key);
    if (!budget) {
      // One lease per payer, like one per account on a one-account worker: the coordinator sees every
      // worker's share of this payer's limits, whichever of its accounts' windows spend them.
      const lease = options.lease?.(key, () => budgets.get(key)?.limits() ?? { perSecond: 0, daily: 0 });
      if (lease) leases.set(key, lease);
      budget = createAccountBudget({ clock, sleep, workerShare, gate: lease?.gate });
      budgets.set(key, budget);
    }
    return budget;
  };
  const pools = new Map<string, ZoomClientPool>();
  const clients: Array<ReturnType<typeof createNodeZoomClient>> = [];

  function poolFor(name: string): ZoomClientPool {
    const entry = accounts.entries[name]!;
    const app = (entry.kind === 'own' ? entry : accounts.entries[entry.master]) as OwnAppAccount;
    const payers = payerKeys(accounts, name);
    const byRate = new Map<string, ReturnType<typeof createNodeZoomClient>>();
    return {
      clock,
      workerShare,
      // The account's own limits (the first payer); a master that also pays has its own pool.
      budgetState: () => budgetOf(payers[0]!).state(),
      accountLimits: () => budgetOf(payers[0]!).limits(),
      get(rate: RateOptions) {
        const key = `${rate.plan ?? 'pro'}:${rate.share ?? 1}:${rate.perSecond ?? ''}:${rate.daily ?? ''}`;
        let client = byRate.get(key);
        if (!client) {
          client = createNodeZoomClient({
            auth: {
              accountId: app.accountId,
              clientId: app.clientId,
              clientSecret: app.clientSecret,
              ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
            },
            baseUrl: options.baseUrl,
            accountId: entry.kind === 'sub' ? entry.subAccountId : undefined,
            budget: allOf(payers.map((payer) => budgetOf(payer).forBackfill(rate))),
            clock,
            sleep,
            transport: options.transport,
            logger: options.logger,
            observer: options.observer,
          });
          byRate.set(key, client);
          clients.push(client);
        }
        return client;
      },
      close: async () => {},
    };
  }

  return {
    names: () => Object.keys(accounts.entries),
    hold<T>(name: string, work: () => Promise<T>): Promise<T> {
      if (!Object.hasOwn(accounts.entries, name)) return work();
      // Nested: the window weighs on each of its payers' leases while it runs.
      return payerKeys(accounts, name).reduce<() => Promise<T>>((inner, payer) => {
        budgetOf(payer);
        const lease = leases.get(payer);
        return lease ? () => lease.hold(inner) : inner;
      }, work)();
    },
    pool(name) {
      if (!Object.hasOwn(accounts.entries, name))
        throw new ZoomInputError(
          'account',
          name,
          'is not an account this worker holds credentials for',
          `use one of ${Object.keys(accounts.entries).join(', ')}, or add it to the worker's ZOOM_ACCOUNTS_FILE`,
        );
      let pool = pools.get(name);
      if (!pool) {
        pool = poolFor(name);
        pools.set(name, pool);
      }
      return pool;
    },
    async close() {
      const all = clients.splice(0);
      const held = [...leases.values()];
      leases.clear();
      await Promise.allSettled([...held.map((l) => l.close()), ...all.map((c) => c.close())]);
    },
  };
}

/** A budget that admits a request only when every one of `budgets` does (the strictest holds). */
export function allOf(budgets: readonly RateBudget[]): RateBudget {
  if (budgets.length === 1) return budgets[0]!;
  return {
    waitsForDailyReset: false,
    async acquire(signal) {
      for (const b of budgets) await b.acquire(signal);
    },
    async awaitReset(signal) {
      for (const b of budgets) await b.awaitReset(signal);
    },
    onThrottled() {
      for (const b of budgets) b.onThrottled();
    },
    onSuccess() {
      for (const b of budgets) b.onSuccess();
    },
    onDailyExhausted(resetAt) {
      for (const b of budgets) b.onDailyExhausted(resetAt);
    },
    state(): RateBudgetState {
      const states = budgets.map((b) => b.state());
      const first = states[0]!;
      return {
        ...first,
        rate: Math.min(...states.map((s) => s.rate)),
        configuredRate: Math.min(...states.map((s) => s.configuredRate)),
        dailyLimit: Math.min(...states.map((s) => s.dailyLimit)),
        usedToday: Math.max(...states.map((s) => s.usedToday)),
        resetAt: Math.max(...states.map((s) => s.resetAt)),
      };
    },
  };
}
