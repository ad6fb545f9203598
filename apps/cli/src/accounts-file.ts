/**
 * The accounts file of `backfill --accounts FILE` and `worker --accounts FILE` (or `ZOOM_ACCOUNTS_FILE`):
 * each account's name and credentials (an own app, or a sub-account read through a master entry), plus
 * optionally its sink and plan for a backfill. Credentials stay in the worker process (the in-process one,
 * or your `zcc-sms worker`s); the backfill names accounts only.
 *
 *   {
 *     "masterReadsCharge": "both",
 *     "accounts": {
 *       "hq":   { "accountId": "…", "clientId": "…", "clientSecret": "…", "plan": "business" },
 *       "emea": { "master": "hq", "subAccountId": "…", "sink": "ndjson:./emea" }
 *     }
 *   }
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isRatePlanName, type RatePlanName } from '@zcc-sms/core';
import type { ZoomAccounts } from '@zcc-sms/temporal';
import { flagError } from './cli-error.ts';
import type { Redactor } from './redactor.ts';

/** One account of a multi-account backfill as the file gives it. */
export interface AccountPlan {
  readonly name: string;
  /** `--sink`-style text, when the file names one for this account. */
  readonly sink?: string | undefined;
  readonly plan?: RatePlanName | undefined;
}

export interface AccountsFile {
  readonly path: string;
  readonly accounts: ZoomAccounts;
  readonly plans: readonly AccountPlan[];
}

/** Reads and validates the file; its secrets are registered with the redactor at once. */
export async function readAccountsFile(
  flag: string,
  file: string,
  cwd: string,
  redactor: Redactor,
): Promise<AccountsFile> {
  const path = resolve(cwd, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw flagError(
      flag,
      file,
      `cannot be read as JSON (${(error as { code?: string }).code ?? (error as Error).name})`,
      'point it at a file such as {"accounts": {"hq": {"accountId": "…", "clientId": "…", "clientSecret": "…"}}}',
    );
  }
  const entries = ((json as { accounts?: unknown })?.accounts ?? {}) as Record<string, unknown>;
  for (const entry of Object.values(entries))
    redactor.add((entry as { clientSecret?: unknown })?.clientSecret as string | undefined);
  const { parseZoomAccounts } = await import('@zcc-sms/temporal');
  const accounts = parseZoomAccounts(json, `${flag} ${file}`);
  const plans = Object.entries(entries).map(([name, raw]): AccountPlan => {
    const { sink, plan } = raw as { sink?: unknown; plan?: unknown };
    if (sink !== undefined && typeof sink !== 'string')
      throw flagError(
        flag,
        file,
        `has accounts.${name}.sink that is not a string`,
        'use e.g. "ndjson:./emea"',
      );
    if (plan !== undefined && !isRatePlanName(plan))
      throw flagError(flag, file, `has accounts.${name}.plan ${JSON.stringify(plan)}`, 'use pro or business');
    return { name, sink, plan };
  });
  return { path, accounts, plans };
}

/**
 * An account's sink when the file names none: its own directory under `ndjson:DIR`, its own prefix under
 * `s3://BUCKET/PREFIX` (window objects are named by month, so two accounts in one prefix would collide), its own
 * table in PostgreSQL (`accountTable`).
 */
export function accountSink(base: string, name: string): string {
  if (base.startsWith('ndjson:') || base.startsWith('s3://')) return `${base.replace(/\/+$/, '')}/${name}`;
  return base;
}

/** The PostgreSQL table of an account when the file names no sink: `<table>_<name>` in SQL-safe letters. */
export function accountTable(table: string, name: string): string {
  return `${table}_${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}
