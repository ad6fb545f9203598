/**
 * `startSandbox`: a fake Zoom (OAuth + List SMS) on a real port, with control over time, variants,
 * faults and quotas.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addAccounts } from './accounts.ts';
import type { SandboxControl } from './control.ts';
import { createControl } from './control.ts';
import { formatIsoSec } from './dates.ts';
import type { SmsQueryInput } from './ground-truth.ts';
import { groundTruthIds, groundTruthRecords } from './ground-truth.ts';
import type { SandboxCredentials } from './oauth.ts';
import type { RateLimit, RateLimitSetting } from './rate-limit.ts';
import { initialRateState, resolveRateLimit } from './rate-limit.ts';
import type { SmsRecord } from './record-fields.ts';
import type { SandboxOptions, SandboxState } from './sandbox-state.ts';
import { createSandboxState } from './sandbox-state.ts';
import { createRequestListener } from './server.ts';
import type { SandboxStats } from './stats.ts';

/**
 * The environment variables that point `configFromEnv` (`@zcc-sms/core/node`) at the sandbox.
 *
 * @example
 * const client = createNodeZoomClient(configFromEnv(sandbox.env));
 */
export interface SandboxEnv {
  /** The sandbox's credential. */
  ZOOM_ACCOUNT_ID: string;
  /** The sandbox's credential. */
  ZOOM_CLIENT_ID: string;
  /** The sandbox's credential. */
  ZOOM_CLIENT_SECRET: string;
  /** The sandbox's `baseUrl`. */
  ZOOM_API_BASE_URL: string;
  /** The sandbox's `tokenUrl`. */
  ZOOM_OAUTH_TOKEN_URL: string;
}

/** The data set a sandbox serves: record count, range and seed. */
export interface DatasetInfo {
  /** Records generated. */
  records: number;
  /** First instant of the data. */
  from: string;
  /** End of the data. */
  to: string;
  /** Seed the data came from. */
  seed: number;
}

/**
 * One account of a sandbox: its app's credentials, data, limits and counters.
 *
 * @example
 * const acme = sandbox.account('acme');
 * const client = createNodeZoomClient({ ...configFromEnv(acme.env) });
 * expect(landed.sort()).toEqual(acme.groundTruth({ from, to }));
 */
export interface SandboxAccount {
  /** The name given in the options (`main` for the top-level account). */
  readonly name: string;
  /** Its S2S app's credentials. */
  readonly credentials: SandboxCredentials;
  /** Environment variables for `configFromEnv`. */
  readonly env: SandboxEnv;
  /** Account ids this account reads as their master (through the twin). */
  readonly subAccountIds: readonly string[];
  /** Its data set. */
  readonly dataset: DatasetInfo;
  /** Engagement ids of its data matching a query, sorted with plain `.sort()`. */
  groundTruth(query?: SmsQueryInput): string[];
  /**
   * Counters of this account: `apiRequests` and `rateLimited` are the requests charged to its limits,
   * `recordsServed` the records of its data. For the top-level account: the whole sandbox's counters.
   */
  stats(): SandboxStats;
  /** Its limits. */
  rateLimit(): RateLimit;
  /** Changes its limits; the per-second bucket starts full, today's count is kept. */
  setRateLimit(setting: RateLimitSetting): RateLimit;
}

/**
 * A running sandbox: its URLs, credentials, controls and ground truth.
 *
 * @example
 * const sandbox = await startSandbox({ dataset: { records: 1_000 } });
 * expect(landedIds.sort()).toEqual(sandbox.groundTruth({ from, to }));
 * await sandbox.stop();
 */
export interface Sandbox {
  /** `http://127.0.0.1:PORT/v2` — the equivalent of `https://api.zoom.us/v2`. */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/oauth/token` — the equivalent of `https://zoom.us/oauth/token`. */
  readonly tokenUrl: string;
  /** `http://127.0.0.1:PORT/_sandbox`. */
  readonly adminUrl: string;
  /** The TCP port listened on. */
  readonly port: number;
  /** Credentials the token endpoint accepts. */
  readonly credentials: SandboxCredentials;
  /** Environment variables for `configFromEnv`. */
  readonly env: SandboxEnv;
  /** The data set served. */
  readonly dataset: DatasetInfo;
  /** Changes the running sandbox. */
  readonly control: SandboxControl;
  /** Engagement ids matching a query (any range length, visible now), sorted with plain `.sort()`. */
  groundTruth(query?: SmsQueryInput): string[];
  /** Full records matching a query, newest first, exactly as the API serialises them. */
  records(query?: SmsQueryInput): SmsRecord[];
  /** Counters since start. */
  stats(): SandboxStats;
  /** Every account served, the top-level one (`main`) first. */
  readonly accounts: readonly SandboxAccount[];
  /** The account of that name; throws when there is none. */
  account(name: string): SandboxAccount;
  /** Closes the server. */
  stop(): Promise<void>;
}

/**
 * Starts a sandbox on 127.0.0.1 and a free port.
 *
 * @example
 * const sandbox = await startSandbox({
 *   clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
 *   dataset: { from: '2025-02-01', to: '2026-02-28', records: 20_000, seed: 7 },
 * });
 * // point a client at sandbox.baseUrl / sandbox.tokenUrl with sandbox.credentials
 * await sandbox.stop();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const state = createSandboxState(options);
  addAccounts(state, options);
  const control = createControl(state);
  let origin = '';
  const server = createServer(
    { keepAliveTimeout: 30_000 },
    createRequestListener(state, control, () => origin),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;
  const baseUrl = `${origin}/v2`;
  const tokenUrl = `${origin}/oauth/token`;
  const { credentials } = state;
  const accounts = state.accounts.map((account) => accountHandle(state, account, baseUrl, tokenUrl));
  return {
    baseUrl,
    tokenUrl,
    adminUrl: `${origin}/_sandbox`,
    port: address.port,
    credentials: { ...credentials },
    env: envOf(credentials, baseUrl, tokenUrl),
    dataset: datasetInfo(state),
    accounts,
    account(name) {
      const found = accounts.find((a) => a.name === name);
      if (!found) throw new Error(`No sandbox account named ${name}`);
      return found;
    },
    control,
    groundTruth: (query) => groundTruthIds(state, query),
    records: (query) => groundTruthRecords(state, query),
    stats: () => state.stats.snapshot(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function envOf(credentials: SandboxCredentials, baseUrl: string, tokenUrl: string): SandboxEnv {
  return {
    ZOOM_ACCOUNT_ID: credentials.accountId,
    ZOOM_CLIENT_ID: credentials.clientId,
    ZOOM_CLIENT_SECRET: credentials.clientSecret,
    ZOOM_API_BASE_URL: baseUrl,
    ZOOM_OAUTH_TOKEN_URL: tokenUrl,
  };
}

function datasetInfo(state: SandboxState): DatasetInfo {
  return {
    records: state.dataset.size,
    from: formatIsoSec(state.dataset.fromSec),
    to: formatIsoSec(state.dataset.toSec),
    seed: state.dataset.seed,
  };
}

function accountHandle(
  main: SandboxState,
  account: SandboxState,
  baseUrl: string,
  tokenUrl: string,
): SandboxAccount {
  return {
    name: account.name,
    credentials: { ...account.credentials },
    env: envOf(account.credentials, baseUrl, tokenUrl),
    subAccountIds: [...account.subAccountIds],
    dataset: datasetInfo(account),
    // Ground truth reads with the sandbox's variants and clock (the top-level state's).
    groundTruth: (query) => groundTruthIds({ ...account, variants: main.variants }, query),
    stats: () => account.stats.snapshot(),
    rateLimit: () => ({ ...account.rateLimit }),
    setRateLimit(setting) {
      const limit = resolveRateLimit(setting);
      const fresh = initialRateState(limit, main.clock.now());
      account.rateLimit = limit;
      account.rateState = { ...fresh, day: account.rateState.day, usedToday: account.rateState.usedToday };
      return { ...limit };
    },
  };
}
