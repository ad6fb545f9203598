/**
 * Counters and a bounded request log. The log never holds the Authorization header, access tokens or page
 * tokens: query values of `access_token` and `next_page_token` are replaced before they are stored.
 */

/**
 * Counters since start (or `control.resetStats()`): requests by status, throttles, concurrency, tokens and records served.
 *
 * @example
 * expect(sandbox.stats().apiRequests).toBeLessThanOrEqual(budget);
 */
export interface SandboxStats {
  /** Every non-admin request (token endpoint, API, unknown paths). */
  requests: number;
  /** Requests to the List SMS endpoint. */
  apiRequests: number;
  /** Requests by HTTP status. */
  byStatus: Record<string, number>;
  /** 429s for the per-second and the daily limit. */
  rateLimited: { perSecond: number; daily: number };
  /** Most API requests in flight at once. */
  concurrencyPeak: number;
  /** API requests in flight now. */
  concurrencyNow: number;
  /** Access tokens issued. */
  tokensIssued: number;
  /** Page tokens issued. */
  pageTokensIssued: number;
  /** Records sent in pages. */
  recordsServed: number;
}

/**
 * One request in the sandbox's bounded log, with tokens replaced.
 *
 * @example
 * const throttled = sandbox.control.requestLog().filter((entry) => entry.status === 429);
 */
export interface RequestLogEntry {
  /** Sandbox time the request arrived (ISO, ms precision). */
  at: string;
  /** HTTP method. */
  method: string;
  /** Request path. */
  path: string;
  /** Query parameters, tokens replaced. */
  query: Record<string, string | string[]>;
  /** 0 when the connection was reset or cut before a status was sent. */
  status: number;
  /** Time to answer (real ms). */
  durationMs: number;
}

/**
 * What the server records per request. Formatting the time and redacting the query happen only when the
 * log is read: doing them per request was a visible share of a small request's CPU.
 */
export interface RawLogEntry {
  atMs: number;
  method: string;
  path: string;
  /** The raw query string (`?…` or ''); secrets are redacted when the log is read. */
  search: string;
  status: number;
  durationMs: number;
}

function toLogEntry(raw: RawLogEntry): RequestLogEntry {
  return {
    at: new Date(raw.atMs).toISOString(),
    method: raw.method,
    path: raw.path,
    query: redactQuery(new URLSearchParams(raw.search)),
    status: raw.status,
    durationMs: raw.durationMs,
  };
}

export interface StatsRecorder {
  snapshot(): SandboxStats;
  begin(): void;
  end(entry: RawLogEntry, api: boolean): void;
  count(key: 'tokensIssued' | 'pageTokensIssued' | 'recordsServed' | 'apiRequests', by?: number): void;
  rateLimited(kind: 'perSecond' | 'daily'): void;
  log(limit?: number): RequestLogEntry[];
  reset(): void;
}

const SECRET_PARAMS = new Set(['access_token', 'next_page_token']);

/** Query parameters as a loggable object, secrets redacted. */
export function redactQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).map((v) => (SECRET_PARAMS.has(key) ? '[redacted]' : v));
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

function emptyStats(concurrencyNow: number): SandboxStats {
  return {
    requests: 0,
    apiRequests: 0,
    byStatus: {},
    rateLimited: { perSecond: 0, daily: 0 },
    concurrencyPeak: concurrencyNow,
    concurrencyNow,
    tokensIssued: 0,
    pageTokensIssued: 0,
    recordsServed: 0,
  };
}

export function createStatsRecorder(logSize: number): StatsRecorder {
  let stats = emptyStats(0);
  let entries: RawLogEntry[] = [];
  return {
    snapshot: () => structuredClone(stats),
    begin: () => {
      stats.concurrencyNow++;
      stats.concurrencyPeak = Math.max(stats.concurrencyPeak, stats.concurrencyNow);
    },
    end: (entry, api) => {
      stats.concurrencyNow = Math.max(0, stats.concurrencyNow - 1);
      stats.requests++;
      if (api) stats.apiRequests++;
      const key = String(entry.status);
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
      entries.push(entry);
      if (entries.length > logSize * 2) entries = entries.slice(-logSize);
    },
    count: (key, by = 1) => {
      stats[key] += by;
    },
    rateLimited: (kind) => {
      stats.rateLimited[kind]++;
    },
    log: (limit = logSize) => entries.slice(-Math.min(limit, logSize)).map(toLogEntry),
    reset: () => {
      stats = emptyStats(stats.concurrencyNow);
      entries = [];
    },
  };
}
