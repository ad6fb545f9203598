/**
 * Shapes of the multi-account backfill (workflows/multi-account.ts): JSON-safe, small, and never a secret
 * — an account is named here; its credentials are held by the workers (`ZOOM_ACCOUNTS_FILE`).
 */
import type { BackfillOptions, BackfillResult, SinkSpec, SmsFilters } from './types.ts';

/** One account of a multi-account backfill: its name, where its records land, its own options. */
export interface AccountBackfill {
  /** The account's name in the workers' `ZOOM_ACCOUNTS_FILE`; also the child's fairness key. */
  readonly account: string;
  /** Where this account's records land (a spec: never a secret). */
  readonly sink: SinkSpec;
  /** Overrides of the shared options (e.g. this account's `rate.plan`). */
  readonly options?: BackfillOptions | undefined;
}

/**
 * A backfill of several accounts: one child backfill (`smsBackfill`) per account, run side by side.
 *
 * @example
 * const input: MultiAccountBackfillInput = {
 *   from: '2025-01-01', to: '2025-03-31',
 *   accounts: [{ account: 'emea', sink: { type: 'ndjson', dir: './emea' } }, { account: 'apac', sink: { type: 'ndjson', dir: './apac' } }],
 * };
 */
export interface MultiAccountBackfillInput {
  /** Start of the range, as the core accepts. */
  readonly from: string;
  /** End of the range. */
  readonly to: string;
  /** List SMS filters for every account. */
  readonly filters?: SmsFilters | undefined;
  /** The accounts, each with its sink. */
  readonly accounts: readonly AccountBackfill[];
  /** Options shared by every child (each account's `options` override them). */
  readonly options?: BackfillOptions | undefined;
}

/** Where one account's child backfill stands, as the parent knows it. */
export interface AccountBackfillStatus {
  /** The account's name. */
  readonly account: string;
  /** The child backfill's workflow id (query it with `progressQuery` for live figures). */
  readonly workflowId: string;
  /** `running` until the child ends; `cancelled` when the parent was cancelled before it finished. */
  readonly state: 'running' | 'completed' | 'failed' | 'cancelled';
  /** The child's result once completed. */
  readonly result?: BackfillResult | undefined;
  /** Why it failed (the child's failure message; never a secret). */
  readonly error?: string | undefined;
}

/** The parent's progress query: every account's status and the totals of the finished ones. */
export interface MultiAccountProgress {
  /** One entry per account, in input order. */
  readonly accounts: readonly AccountBackfillStatus[];
  /** Accounts finished, failed and running, and the records and requests of the completed ones. */
  readonly total: {
    readonly accounts: number;
    readonly completed: number;
    readonly failed: number;
    readonly running: number;
    readonly cancelled: number;
    readonly records: number;
    readonly requests: number;
  };
}

/** What the parent returns when every account completed. */
export interface MultiAccountResult {
  /** Each account's result, by name. */
  readonly accounts: Readonly<Record<string, BackfillResult>>;
  /** Records landed in all. */
  readonly records: number;
  /** Requests spent in all (windows; probes excluded). */
  readonly requests: number;
}
