/**
 * Several Zoom accounts in one sandbox. Each Server-to-Server app (client id and secret) belongs to one
 * account with its own data set, limits and plan; a token reads its own account through
 * `GET /contact_center/sms` or `GET /accounts/{ownId}/contact_center/sms`, and a master account's token
 * also reads its sub-accounts through the twin (Zoom changelog 2023-05-30).
 *
 * Any other account id in the twin's path — unknown, or an account the caller is not the master of —
 * gets HTTP 404 code 2001 "Account does not exist" (zoom-errors.ts `accountNotFound`): Zoom's Accounts
 * API answer for an unknown account. That Zoom answers the same for an existing account the caller may
 * not read (rather than disclosing it with a 403) is assumed.
 *
 * Whose limits a master's read of a sub-account spends is UNCONFIRMED: `masterReadsCharge` plays the
 * sub-account's (default) or the master's.
 */
import { timingSafeEqual } from 'node:crypto';
import type { DatasetOptions } from './dataset-generate.ts';
import type { SandboxCredentials } from './oauth.ts';
import type { RateLimitSetting } from './rate-limit.ts';
import type { SandboxOptions, SandboxState } from './sandbox-state.ts';
import { createSandboxState } from './sandbox-state.ts';

/**
 * Whose limits a master account's read of a sub-account spends (UNCONFIRMED; the sandbox plays both).
 *
 * @example
 * const sandbox = await startSandbox({ subAccounts: ['acme'], accounts: [{ name: 'acme' }], masterReadsCharge: 'master' });
 */
export type MasterReadsCharge = 'master' | 'subAccount';

/**
 * One more account a sandbox serves: its name, S2S app, data set, limits and sub-accounts.
 *
 * @example
 * const sandbox = await startSandbox({ accounts: [{ name: 'emea', records: 2_000, rateLimit: 'business' }] });
 * const emea = sandbox.account('emea');
 */
export interface SandboxAccountOptions {
  /** Unique name, used by `sandbox.account(name)`. */
  name: string;
  /** Seed of the account's ids and data. Default: derived from the sandbox seed and the name. */
  seed?: number | string;
  /** The account's data set (its own engagement ids). */
  dataset?: DatasetOptions;
  /** Shorthand for `dataset.records`. */
  records?: number;
  /** The account's limits. Default 'none'. */
  rateLimit?: RateLimitSetting;
  /** The account's app; by default Zoom-looking ones derived from the seed. */
  credentials?: Partial<SandboxCredentials>;
  /** The scope its tokens carry; default the List SMS scope. */
  grantedScope?: string;
  /** Names of accounts this one is the master of. */
  subAccounts?: string[];
}

/** Creates the other accounts on the top-level state and links masters to their sub-accounts. */
export function addAccounts(main: SandboxState, options: SandboxOptions): void {
  main.accounts.push(main);
  const subsOf = new Map<SandboxState, string[]>([[main, options.subAccounts ?? []]]);
  for (const account of options.accounts ?? []) {
    if (main.accounts.some((a) => a.name === account.name))
      throw new Error(`Duplicate sandbox account name: ${account.name}`);
    const state = createSandboxState(
      {
        name: account.name,
        seed: account.seed ?? `${String(options.seed ?? 1)}/${account.name}`,
        dataset: account.dataset,
        records: account.records,
        rateLimit: account.rateLimit,
        credentials: account.credentials,
        grantedScope: account.grantedScope,
        tokenLifetimeSec: options.tokenLifetimeSec,
        tokenMaxUses: options.tokenMaxUses,
        newTokenRevokesOld: options.newTokenRevokesOld,
      },
      main.clock,
    );
    main.accounts.push(state);
    subsOf.set(state, account.subAccounts ?? []);
  }
  for (const [master, names] of subsOf) {
    for (const name of names) {
      const sub = main.accounts.find((a) => a.name === name);
      if (!sub || sub === master)
        throw new Error(`Sub-account ${name} of ${master.name} is not another account`);
      master.subAccountIds.add(sub.credentials.accountId);
    }
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The account whose app a token request's client id names (the top-level one when none matches). */
export function accountForClient(main: SandboxState, clientId: string | undefined): SandboxState {
  if (clientId === undefined) return main;
  return main.accounts.find((a) => sameText(a.credentials.clientId, clientId)) ?? main;
}

/** The account that issued `token`, counting one use of it; `undefined` when no account accepts it. */
export function accountForToken(
  main: SandboxState,
  token: string,
  nowMs: number,
  revokeAfter: number | null,
): SandboxState | undefined {
  return main.accounts.find((a) => a.tokens.use(token, nowMs, revokeAfter));
}

/** Whose data a request reads and whose limits it spends; `undefined`: the caller may not read that account. */
export function resolveTarget(
  main: SandboxState,
  caller: SandboxState,
  accountInPath: string | null,
): { data: SandboxState; charged: SandboxState } | undefined {
  if (accountInPath === null || accountInPath === caller.credentials.accountId)
    return { data: caller, charged: caller };
  if (!caller.subAccountIds.has(accountInPath)) return undefined;
  const data = main.accounts.find((a) => a.credentials.accountId === accountInPath);
  if (!data) return undefined;
  return { data, charged: main.masterReadsCharge === 'master' ? caller : data };
}
