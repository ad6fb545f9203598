/**
 * Everything one sandbox instance holds, created from its options. No module-level state: two sandboxes in
 * one process are fully independent.
 */
import { randomBytes } from 'node:crypto';
import type { MasterReadsCharge, SandboxAccountOptions } from './accounts.ts';
import type { ClockOptions, SandboxClock } from './clock.ts';
import { createClock } from './clock.ts';
import type { Dataset, DatasetOptions } from './dataset-generate.ts';
import { generateDataset } from './dataset-generate.ts';
import type { DatasetIndex } from './dataset-index.ts';
import { createDatasetIndex } from './dataset-index.ts';
import type { FaultConfig, FaultEngine } from './faults.ts';
import { createFaultEngine } from './faults.ts';
import type { SandboxCredentials, TokenStore } from './oauth.ts';
import { createTokenStore } from './oauth.ts';
import type { PageEncoder } from './page-encoder.ts';
import { createPageEncoder } from './page-encoder.ts';
import type { PageTokenCodec } from './page-token.ts';
import { createPageTokenCodec } from './page-token.ts';
import { buildAgents, buildQueues } from './people.ts';
import { base62Id, hash3, hex8, seedToInt } from './prng.ts';
import type { CachedQuery } from './query-cache.ts';
import type { RateLimit, RateLimitSetting, RateState } from './rate-limit.ts';
import { initialRateState, resolveRateLimit } from './rate-limit.ts';
import type { Catalog } from './record-fields.ts';
import type { StatsRecorder } from './stats.ts';
import { createStatsRecorder } from './stats.ts';
import type { Variants } from './variants.ts';
import { DEFAULT_VARIANTS, mergeVariants } from './variants.ts';
import { SMS_READ_SCOPES } from './zoom-errors.ts';

/** Options of `startSandbox`: data set, clock, credentials, token behaviour, variants, rate limits and faults. All optional. */
export interface SandboxOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. Admin endpoints have no auth: keep the sandbox on loopback. */
  host?: string;
  /** Seed for data, ids and faults. Default 1. */
  seed?: number | string;
  /** The data set; see DatasetOptions. */
  dataset?: DatasetOptions;
  /** Shorthand for `dataset.records`. */
  records?: number;
  /** Default `{ mode: 'real' }`. */
  clock?: ClockOptions;
  /** Credentials to accept; by default Zoom-looking ones derived from the seed. */
  credentials?: Partial<SandboxCredentials>;
  /** Access-token lifetime in sandbox seconds (default 3600, Zoom S2S). */
  tokenLifetimeSec?: number;
  /** Access tokens stop working after this many API uses (default unlimited). */
  tokenMaxUses?: number;
  /**
   * The `scope` the token endpoint grants (space-separated). Default `contact_center_sms:read:admin`; without
   * a List SMS scope, List SMS answers code 4700 (zoom-errors.ts).
   */
  grantedScope?: string;
  /** Old behaviour: a new token revokes older ones (default false: several valid at once, Zoom changelog). */
  newTokenRevokesOld?: boolean;
  /** Page-token lifetime in sandbox ms (default 15 minutes, seed spec). */
  pageTokenTtlMs?: number;
  /** Variants to play; default `DEFAULT_VARIANTS`. */
  variants?: Partial<Variants>;
  /** Default 'none'. */
  rateLimit?: RateLimitSetting;
  /** Faults to inject from the start. */
  faults?: FaultConfig;
  /** Shorthand for `faults.latency = { kind: 'fixed', ms }`. */
  latencyMs?: number;
  /** Entries kept by the request log (default 1000). */
  requestLogSize?: number;
  /** Name of the account the top-level options describe (default `main`). */
  name?: string;
  /** Names of accounts (in `accounts`) this one may read as their master account, through the twin. */
  subAccounts?: string[];
  /** More accounts served beside this one, each with its own S2S app, data set, limits and plan (accounts.ts). */
  accounts?: SandboxAccountOptions[];
  /**
   * UNCONFIRMED: whose limits a master account's read of a sub-account spends: the sub-account's
   * (default) or the master's. Play both (docs/zoom-api.md).
   */
  masterReadsCharge?: MasterReadsCharge;
}

export interface SandboxState {
  readonly seed: number;
  readonly dataset: Dataset;
  readonly index: DatasetIndex;
  readonly catalog: Catalog;
  readonly clock: SandboxClock;
  readonly credentials: SandboxCredentials;
  readonly grantedScope: string;
  /** `grantedScope` holds one of the List SMS scopes (one grant per sandbox: every token carries it). */
  readonly smsReadGranted: boolean;
  readonly tokens: TokenStore;
  readonly faults: FaultEngine;
  readonly stats: StatsRecorder;
  readonly pageTokens: PageTokenCodec;
  readonly encodePage: PageEncoder;
  variants: Variants;
  rateLimit: RateLimit;
  rateState: RateState;
  pageTokenTtlMs: number;
  /** Page tokens with a lower sequence number were expired by `expirePageTokens()`. */
  pageTokenFloor: number;
  pageTokenSeq: number;
  requestSeq: number;
  /** total_records per (query, window, second): paging a month should not rescan it for every page. */
  readonly countCache: Map<string, number>;
  /** Validated queries by raw query string without the page token (query-cache.ts). */
  readonly queryCache: Map<string, CachedQuery>;
  /** The `loopPageTokens` fault's tokens by query fingerprint (sms-handler.ts); cleared with the faults. */
  readonly loopTokens: Map<string, string>;
  /** The account's name (`main` for the top-level one). */
  readonly name: string;
  /** Account ids this account reads as their master (filled by accounts.ts once all exist). */
  readonly subAccountIds: Set<string>;
  /**
   * Every account the sandbox serves, this one first; filled on the top-level state only (the others'
   * is empty). Clock, variants, faults, request log and page-token sequence are the top-level state's.
   */
  readonly accounts: SandboxState[];
  /** Whose limits a master's read of a sub-account spends (top-level state only). */
  masterReadsCharge: MasterReadsCharge;
}

/** `sharedClock`: the top-level account's, for the other accounts (one sandbox, one time). */
export function createSandboxState(options: SandboxOptions, sharedClock?: SandboxClock): SandboxState {
  const seed = seedToInt(options.seed ?? 1);
  const clock = sharedClock ?? createClock(options.clock ?? { mode: 'real' });
  const datasetOptions: DatasetOptions = { ...options.dataset };
  if (options.records !== undefined && datasetOptions.records === undefined)
    datasetOptions.records = options.records;
  const dataset = generateDataset(datasetOptions, options.seed ?? 1, clock.now());
  const faults: FaultConfig = { ...options.faults };
  if (options.latencyMs !== undefined && faults.latency === undefined) {
    faults.latency = { kind: 'fixed', ms: options.latencyMs };
  }
  const rateLimit = resolveRateLimit(options.rateLimit ?? 'none');
  const grantedScope = options.grantedScope ?? SMS_READ_SCOPES[0]!;
  const catalog: Catalog = { agents: buildAgents(dataset.seed), queues: buildQueues(dataset.seed) };
  return {
    seed,
    dataset,
    index: createDatasetIndex(dataset),
    catalog,
    encodePage: createPageEncoder(dataset, catalog),
    clock,
    credentials: {
      // Zoom-looking ids, stable for a seed so a pasted env keeps working across restarts.
      accountId: options.credentials?.accountId ?? base62Id(seed, 1, 201),
      clientId: options.credentials?.clientId ?? base62Id(seed, 2, 202),
      clientSecret: options.credentials?.clientSecret ?? base62Id(seed, 3, 203, 32),
    },
    grantedScope,
    smsReadGranted: grantedScope.split(/\s+/).some((scope) => SMS_READ_SCOPES.includes(scope)),
    tokens: createTokenStore({
      lifetimeSec: options.tokenLifetimeSec ?? 3600,
      maxUses: options.tokenMaxUses ?? null,
      newTokenRevokesOld: options.newTokenRevokesOld ?? false,
    }),
    faults: createFaultEngine(seed, faults),
    stats: createStatsRecorder(options.requestLogSize ?? 1000),
    pageTokens: createPageTokenCodec(randomBytes(32).toString('hex')),
    variants: mergeVariants({ ...DEFAULT_VARIANTS }, options.variants ?? {}),
    rateLimit,
    rateState: initialRateState(rateLimit, clock.now()),
    pageTokenTtlMs: options.pageTokenTtlMs ?? 15 * 60_000,
    pageTokenFloor: 0,
    pageTokenSeq: 0,
    requestSeq: 0,
    countCache: new Map(),
    queryCache: new Map(),
    loopTokens: new Map(),
    name: options.name ?? 'main',
    subAccountIds: new Set(),
    accounts: [],
    masterReadsCharge: options.masterReadsCharge ?? 'subAccount',
  };
}

/** `x-zm-trackingid` in Zoom's shape (`v=2.0;clid=…;rid=…`), unique per response. */
export function nextTrackingId(state: SandboxState): string {
  const n = ++state.requestSeq;
  return `v=2.0;clid=sandbox;rid=WEB_${hex8(hash3(state.seed, n, 90))}${n.toString(16).padStart(8, '0')}`;
}
