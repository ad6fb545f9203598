/**
 * Fault injection, deterministic by seed: probabilities are drawn from a seeded PRNG in a fixed order, and
 * "every Nth request" counts API requests since the faults were last set.
 */
import type { LatencySpec } from './latency.ts';
import { sampleLatency, validateLatency } from './latency.ts';
import { createRng, hash3 } from './prng.ts';

/** Faults that replace the whole response, checked in this order. */
export const RESPONSE_FAULTS = [
  'connectionReset',
  'badGateway',
  'serviceUnavailable',
  'gatewayTimeout',
  'internalError',
  'unauthorized',
  'truncatedBody',
  'truncatedChunked',
  'truncatedJson',
  'errorBody',
  'emptyBody',
  'slowDrip',
] as const;

export type ResponseFault = (typeof RESPONSE_FAULTS)[number];

/** A fault the sandbox can inject: an HTTP or body failure, a rate limit, or an expired page token. */
export type FaultKind =
  | ResponseFault
  | 'rateLimitPerSecond'
  | 'rateLimitDaily'
  | 'rateLimitDailyFarReset'
  | 'pageTokenExpired';

/**
 * Every fault kind, for loops that test a client against each.
 *
 * @example
 * for (const kind of FAULT_KINDS) sandbox.control.failNext(kind);
 */
export const FAULT_KINDS: readonly FaultKind[] = [
  ...RESPONSE_FAULTS,
  'rateLimitPerSecond',
  'rateLimitDaily',
  'rateLimitDailyFarReset',
  'pageTokenExpired',
];

/** The error object `errorBody` sends with status 200 unless configured otherwise (Zoom's 401 body). */
export const DEFAULT_ERROR_BODY = Object.freeze({ code: 124, message: 'Invalid access token.' });
/** `slowDrip` sends one byte of the page this often (real time) unless configured otherwise. */
export const DEFAULT_DRIP_MS = 100;
/** Years ahead that `rateLimitDailyFarReset` puts its `Retry-After`. */
export const FAR_RESET_YEARS = 5;

/**
 * When a fault fires: with a probability per API request, or on every Nth one.
 *
 * @example
 * const rule: FaultRule = { everyNth: 5 }; // every fifth API request
 */
export interface FaultRule {
  /** Chance per API request, 0–1. */
  probability?: number;
  /** Fire on every Nth API request (counted from when the faults were set). */
  everyNth?: number;
}

/**
 * Faults by kind, each with its rule; set at start or with `control.setFaults`.
 *
 * @example
 * sandbox.control.setFaults({ internalError: { probability: 0.1 }, truncatedBody: { everyNth: 7 } });
 */
export interface FaultConfig {
  /** 500 `{"code":-1,"message":"Internal Error"}`. */
  internalError?: FaultRule;
  /** HTML 502 as a proxy answers. */
  badGateway?: FaultRule;
  /** HTML 503 as a proxy answers. */
  serviceUnavailable?: FaultRule;
  /** HTML 504 as a proxy answers. */
  gatewayTimeout?: FaultRule;
  /** The socket is reset with no response. */
  connectionReset?: FaultRule;
  /** Content-Length of the full body, half the bytes, then the socket is destroyed. */
  truncatedBody?: FaultRule;
  /** Chunked encoding, half the bytes, then destroyed without the final chunk. */
  truncatedChunked?: FaultRule;
  /** Chunked encoding, cleanly ended, but the JSON is cut in half. */
  truncatedJson?: FaultRule;
  /** A 401 on a valid token (a refresh + replay succeeds); body defaults to the alternate `errorCode401`. */
  unauthorized?: FaultRule & { body?: 'code124' | 'errorCode401' };
  /** When it fires, that request and the next `length - 1` get a per-second 429 regardless of the bucket. */
  rateLimitBurst?: FaultRule & { length?: number };
  /** The page token presented is rejected as expired (only requests carrying one). */
  pageTokenExpired?: FaultRule;
  /** 200 with an error object instead of a page (`{"code":124,"message":"Invalid access token."}` by default). */
  errorBody?: FaultRule & { code?: number; message?: string };
  /** 200 with `{}`: no `sms`, no `total_records`. */
  emptyBody?: FaultRule;
  /** 200 with the real page and its Content-Length, but one byte every `byteEveryMs` (real time). */
  slowDrip?: FaultRule & { byteEveryMs?: number };
  /** A daily 429 whose `Retry-After` is years ahead (a broken proxy or clock). */
  rateLimitDailyFarReset?: FaultRule;
  /**
   * Page tokens loop: a page fetched with any token but the first page's hands that first token out again,
   * so a client following tokens goes page 2 → 3 → 2 → 3 … (tokens A → B → A).
   */
  loopPageTokens?: boolean;
  /**
   * Every record whose id hash falls in 1 of `every` is served poisoned: malformed `start_time`/`end_time`
   * and `\u0000` in its display name (see poison.ts). Ids and counts are unchanged.
   */
  poisonRecords?: { every: number };
  /** Every access token stops working after this many API uses. */
  revokeTokenAfterUses?: number;
  /** Added before every API response (real time). */
  latency?: LatencySpec;
}

export interface FaultDraw {
  response: ResponseFault | null;
  unauthorizedBody: 'code124' | 'errorCode401' | null;
  forceRateLimit: 'perSecond' | 'daily' | 'dailyFar' | null;
  latencyMs: number;
}

export interface FaultEngine {
  set(config: FaultConfig): void;
  config(): FaultConfig;
  failNext(kind: FaultKind, count: number): void;
  /** Draws the faults of one API request. */
  draw(): FaultDraw;
  /** Whether to reject the page token this request presents. */
  drawPageTokenExpiry(): boolean;
}

const NO_FAULTS: FaultDraw = Object.freeze({
  response: null,
  unauthorizedBody: null,
  forceRateLimit: null,
  latencyMs: 0,
});

const RULE_KEYS = [
  ...RESPONSE_FAULTS,
  'rateLimitBurst',
  'rateLimitDailyFarReset',
  'pageTokenExpired',
] as const;

export function validateFaults(input: unknown): FaultConfig {
  if (typeof input !== 'object' || input === null) throw new Error('Faults must be an object');
  const config = input as Record<string, unknown>;
  for (const [key, value] of Object.entries(config)) {
    if (key === 'latency') validateLatency(value);
    else if (key === 'revokeTokenAfterUses') {
      if (value !== undefined && value !== null && !(typeof value === 'number' && value >= 0)) {
        throw new Error('revokeTokenAfterUses must be a number ≥ 0');
      }
    } else if (key === 'loopPageTokens') {
      if (value !== undefined && typeof value !== 'boolean')
        throw new Error('loopPageTokens must be a boolean');
    } else if (key === 'poisonRecords') {
      const every = (value as { every?: unknown } | undefined)?.every;
      if (value !== undefined && !(Number.isInteger(every) && (every as number) >= 1)) {
        throw new Error('poisonRecords.every must be an integer ≥ 1');
      }
    } else if ((RULE_KEYS as readonly string[]).includes(key)) {
      const rule = value as FaultRule;
      if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
        throw new Error(`${key}.probability must be within 0–1`);
      }
      if (rule.everyNth !== undefined && !(Number.isInteger(rule.everyNth) && rule.everyNth >= 1)) {
        throw new Error(`${key}.everyNth must be an integer ≥ 1`);
      }
    } else throw new Error(`Unknown fault "${key}"`);
  }
  return config as FaultConfig;
}

export function createFaultEngine(seed: number, initial: FaultConfig = {}): FaultEngine {
  let config: FaultConfig = {};
  let rng = createRng(hash3(seed, 0, 77));
  let requestNo = 0;
  let pageTokenNo = 0;
  let burstLeft = 0;
  // No rule and no latency configured: a draw fires nothing and takes no PRNG numbers (see `fires`), so it
  // can return the constant below while still counting requests; kept per config by `set`.
  let quiet = true;
  const scripted = new Map<FaultKind, number>();
  const fires = (rule: FaultRule | undefined, n: number): boolean => {
    if (!rule) return false;
    // Always draw when a probability is configured so the PRNG stream does not depend on other rules.
    const byChance = rule.probability !== undefined && rng.next() < rule.probability;
    return byChance || (rule.everyNth !== undefined && n % rule.everyNth === 0);
  };
  const takeScripted = (kind: FaultKind): boolean => {
    const left = scripted.get(kind) ?? 0;
    if (left <= 0) return false;
    if (left === 1) scripted.delete(kind);
    else scripted.set(kind, left - 1);
    return true;
  };
  const set = (next: FaultConfig): void => {
    config = validateFaults(next);
    quiet = !config.latency && RULE_KEYS.every((key) => !config[key]);
    rng = createRng(hash3(seed, 0, 77));
    requestNo = 0;
    pageTokenNo = 0;
    burstLeft = 0;
  };
  set(initial);
  return {
    set,
    config: () => config,
    failNext: (kind, count) => {
      if (!FAULT_KINDS.includes(kind)) throw new Error(`Unknown fault kind "${kind}"`);
      scripted.set(kind, (scripted.get(kind) ?? 0) + count);
    },
    draw: () => {
      const n = ++requestNo;
      if (quiet && burstLeft === 0 && scripted.size === 0) return NO_FAULTS;
      let response: ResponseFault | null = null;
      for (const kind of RESPONSE_FAULTS) if (response === null && takeScripted(kind)) response = kind;
      for (const kind of RESPONSE_FAULTS) if (fires(config[kind], n) && response === null) response = kind;
      if (fires(config.rateLimitBurst, n))
        burstLeft = Math.max(burstLeft, config.rateLimitBurst?.length ?? 1);
      const farReset = fires(config.rateLimitDailyFarReset, n);
      let forceRateLimit: FaultDraw['forceRateLimit'] = null;
      if (takeScripted('rateLimitDailyFarReset') || farReset) forceRateLimit = 'dailyFar';
      else if (takeScripted('rateLimitDaily')) forceRateLimit = 'daily';
      else if (takeScripted('rateLimitPerSecond')) forceRateLimit = 'perSecond';
      else if (burstLeft > 0) {
        burstLeft--;
        forceRateLimit = 'perSecond';
      }
      const latencyMs = config.latency ? sampleLatency(config.latency, rng.next(), rng.next()) : 0;
      const unauthorizedBody =
        response === 'unauthorized' ? (config.unauthorized?.body ?? 'errorCode401') : null;
      return { response, unauthorizedBody, forceRateLimit, latencyMs };
    },
    drawPageTokenExpiry: () => {
      const n = ++pageTokenNo;
      if (!config.pageTokenExpired && scripted.size === 0) return false;
      return takeScripted('pageTokenExpired') || fires(config.pageTokenExpired, n);
    },
  };
}
