/**
 * Many Zoom accounts on one worker: a worker-side map from an account's name to its Server-to-Server
 * credentials (`ZOOM_ACCOUNTS_FILE`). Workflow input names the account only; the secret stays in this
 * process (never in input, history or logs).
 *
 * An entry either has its own app (`accountId`, `clientId`, `clientSecret`) or reads a sub-account
 * through a master entry's app (`master`, `subAccountId`: `GET /accounts/{subAccountId}/contact_center/sms`).
 *
 * Whose limits a master's read of a sub-account spends is UNCONFIRMED (docs/zoom-api.md). The rate budget
 * is therefore keyed by the account(s) whose limits are spent (`payerKeys`): `master`, `subAccount`, or
 * — the default, safe under both — `both`: reads through one master share the master's budget *and* each
 * respects its sub-account's, so the strictest holds whichever way Zoom counts.
 */
import { checkAccountId, ZoomInputError } from '@zcc-sms/core';

/**
 * Whose limits a master account's read of a sub-account spends: `both` (default: the strictest holds),
 * or, once known for an account, `master` or `subAccount`.
 *
 * @example
 * const charge: MasterReadsCharge = 'both';
 */
export type MasterReadsCharge = 'master' | 'subAccount' | 'both';

/** An account with its own Server-to-Server app. */
export interface OwnAppAccount {
  /** Discriminant. */
  readonly kind: 'own';
  /** The account's id (`account_id` of the token request). */
  readonly accountId: string;
  /** The S2S app's client id. */
  readonly clientId: string;
  /** The S2S app's client secret: stays in the worker process. */
  readonly clientSecret: string;
}

/** A sub-account read through a master entry's app (the master-account twin). */
export interface SubAccount {
  /** Discriminant. */
  readonly kind: 'sub';
  /** Name of the master's entry. */
  readonly master: string;
  /** The sub-account's id, read through `GET /accounts/{subAccountId}/contact_center/sms`. */
  readonly subAccountId: string;
}

/**
 * The accounts a worker holds credentials for, by name (`ZOOM_ACCOUNTS_FILE`).
 *
 * @example
 * const accounts = parseZoomAccounts(JSON.parse(readFileSync(file, 'utf8')), 'accounts.json');
 */
export interface ZoomAccounts {
  /** The accounts by name. */
  readonly entries: Readonly<Record<string, OwnAppAccount | SubAccount>>;
  /** Whose limits master reads spend (default `both`). */
  readonly masterReadsCharge: MasterReadsCharge;
}

/** Account names: used in workflow ids and as Temporal fairness keys (at most 64 bytes). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * Validates an account name; throws `ZoomInputError` naming `field`.
 *
 * @example
 * checkAccountName('accounts[0].name', 'acme-emea'); // 'acme-emea'
 */
export function checkAccountName(field: string, value: unknown): string {
  if (typeof value === 'string' && NAME.test(value)) return value;
  throw new ZoomInputError(
    field,
    value,
    'is not an account name',
    'use 1–63 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. acme-emea)',
  );
}

function text(field: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new ZoomInputError(
    field,
    typeof value === 'string' ? value : typeof value,
    'is missing or not a string',
    `set ${field.split('.').pop()} to a string`,
  );
}

function entryOf(where: string, value: unknown): OwnAppAccount | SubAccount {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    // The value is not echoed: it could be a secret pasted in the wrong place.
    throw new ZoomInputError(
      where,
      typeof value,
      'is not an object',
      'give accountId, clientId and clientSecret, or master and subAccountId',
    );
  const v = value as Record<string, unknown>;
  if (v.master !== undefined) {
    return {
      kind: 'sub',
      master: checkAccountName(`${where}.master`, v.master),
      subAccountId: checkAccountId(`${where}.subAccountId`, text(`${where}.subAccountId`, v.subAccountId))!,
    };
  }
  return {
    kind: 'own',
    accountId: checkAccountId(`${where}.accountId`, text(`${where}.accountId`, v.accountId))!,
    clientId: text(`${where}.clientId`, v.clientId),
    clientSecret: text(`${where}.clientSecret`, v.clientSecret),
  };
}

/**
 * Validates the accounts file's content; errors name the file and the field, never a secret's value.
 *
 * @example
 * parseZoomAccounts({ accounts: { acme: { accountId: 'a1', clientId: 'c', clientSecret: 's' } } }, 'accounts.json');
 */
export function parseZoomAccounts(json: unknown, source: string): ZoomAccounts {
  const root = json as { accounts?: unknown; masterReadsCharge?: unknown } | null;
  if (
    root === null ||
    typeof root !== 'object' ||
    typeof root.accounts !== 'object' ||
    root.accounts === null
  )
    throw new ZoomInputError(
      source,
      '…',
      'has no "accounts" object',
      'write {"accounts": {"<name>": {"accountId": …, "clientId": …, "clientSecret": …}}}',
    );
  const charge = root.masterReadsCharge ?? 'both';
  if (charge !== 'master' && charge !== 'subAccount' && charge !== 'both')
    throw new ZoomInputError(
      `${source}: masterReadsCharge`,
      charge,
      'is not valid',
      'use both (default), master or subAccount',
    );
  const entries: Record<string, OwnAppAccount | SubAccount> = {};
  for (const [name, value] of Object.entries(root.accounts as Record<string, unknown>)) {
    checkAccountName(`${source}: accounts`, name);
    entries[name] = entryOf(`${source}: accounts.${name}`, value);
  }
  for (const [name, entry] of Object.entries(entries)) {
    if (entry.kind === 'sub' && entries[entry.master]?.kind !== 'own')
      throw new ZoomInputError(
        `${source}: accounts.${name}.master`,
        entry.master,
        'is not an account with its own app in this file',
        'name an entry that has accountId, clientId and clientSecret',
      );
  }
  if (Object.keys(entries).length === 0)
    throw new ZoomInputError(`${source}: accounts`, '{}', 'is empty', 'add at least one account');
  return { entries, masterReadsCharge: charge };
}

/**
 * The budget keys (Zoom account ids) whose limits a read of `name` spends, the widest-shared last. Pure policy.
 *
 * @example
 * payerKeys(accounts, 'emea'); // ['<emea account id>', '<master account id>'] with masterReadsCharge 'both'
 */
export function payerKeys(accounts: ZoomAccounts, name: string): string[] {
  const entry = accounts.entries[name];
  if (!entry) return [];
  if (entry.kind === 'own') return [entry.accountId];
  const master = accounts.entries[entry.master] as OwnAppAccount;
  if (accounts.masterReadsCharge === 'master') return [master.accountId];
  if (accounts.masterReadsCharge === 'subAccount') return [entry.subAccountId];
  // The sub-account first: budgets are acquired in this order, and the widest-shared one (the master's)
  // last, just before the request leaves, so its pacing is what reaches Zoom.
  return [entry.subAccountId, master.accountId];
}
