/**
 * Behaviours no public source settles (marked UNCONFIRMED in docs/zoom-api.md) are variants: the sandbox can
 * play each, so clients are tested against all of them. Defaults are the most plausible reading.
 */

/**
 * Behaviours Zoom does not document, as switches: the sandbox plays each so clients are tested against all.
 *
 * @example
 * const sandbox = await startSandbox({ variants: { boundField: 'end_time', toInclusive: false } });
 */
export interface Variants {
  /** Which timestamp `from`/`to` filter and sort on. UNCONFIRMED. */
  boundField: 'start_time' | 'end_time';
  /** Whether a record exactly at `to` is included. UNCONFIRMED. */
  toInclusive: boolean;
  /** Date-only `from`/`to` are UTC days, or days in `accountTimezone`. UNCONFIRMED. */
  dateOnlyBounds: 'utc' | 'account';
  /** Offset like `+05:30` used when `dateOnlyBounds` is 'account'. */
  accountTimezone: string;
  /** A range longer than one calendar month: HTTP 400, or silently cut to [from, from + 1 month]. UNCONFIRMED. */
  overMonth: 'error' | 'cut';
  /** `page_size` above 100: HTTP 400, or clamp to 100 (other Zoom endpoints clamp). UNCONFIRMED. */
  pageSizeOver100: 'error' | 'clamp';
  /** Send X-RateLimit-* and Retry-After (older Zoom docs), or none (a daily 429 has been seen without). */
  rateLimitHeaders: 'full' | 'none';
  /** Retry-After as an ISO timestamp (Zoom docs for daily) or delta seconds. Per-second form UNCONFIRMED. */
  retryAfter: 'iso' | 'seconds';
  /** 401 body: `{"code":124,…}` (documented) or `{"status":false,"errorCode":401}` (seen on CC endpoints, 2024). */
  unauthorizedBody: 'code124' | 'errorCode401';
  /** `queue_id` is deprecated and `cc_queue_id` new (2024-05-09): send both, or only one of them. */
  queueIdFields: 'both' | 'cc_only' | 'legacy_only';
  /** Send `total_*` counts as numeric strings (the seed spec types them `<long>`). */
  longAsString: boolean;
  /**
   * Order of records: `newest_first` by the bound field (what Zoom's list APIs do, and what clients narrow
   * resumed windows on), or `shuffled` within each page — a broken order clients must detect and survive.
   */
  recordOrder: 'newest_first' | 'shuffled';
  /**
   * A descriptive field without a value (a consumer's display name, the agents, …): every record has them
   * all (`none`), or 1 in 5 records leave them out (`omitted`) or send `null` (`null`). UNCONFIRMED
   * (missing-values.ts).
   */
  missingValues: 'none' | 'omitted' | 'null';
}

/**
 * The variants a sandbox plays unless told otherwise: the most plausible reading of Zoom's docs.
 *
 * @example
 * sandbox.control.setVariants(DEFAULT_VARIANTS); // back to the defaults
 */
export const DEFAULT_VARIANTS: Readonly<Variants> = Object.freeze({
  boundField: 'start_time',
  toInclusive: true,
  dateOnlyBounds: 'utc',
  accountTimezone: '+00:00',
  overMonth: 'error',
  pageSizeOver100: 'clamp',
  rateLimitHeaders: 'full',
  retryAfter: 'iso',
  unauthorizedBody: 'code124',
  queueIdFields: 'both',
  longAsString: false,
  recordOrder: 'newest_first',
  missingValues: 'none',
});

const CHOICES: { readonly [K in keyof Variants]: readonly Variants[K][] | 'offset' } = {
  boundField: ['start_time', 'end_time'],
  toInclusive: [true, false],
  dateOnlyBounds: ['utc', 'account'],
  accountTimezone: 'offset',
  overMonth: ['error', 'cut'],
  pageSizeOver100: ['error', 'clamp'],
  rateLimitHeaders: ['full', 'none'],
  retryAfter: ['iso', 'seconds'],
  unauthorizedBody: ['code124', 'errorCode401'],
  queueIdFields: ['both', 'cc_only', 'legacy_only'],
  longAsString: [true, false],
  recordOrder: ['newest_first', 'shuffled'],
  missingValues: ['none', 'omitted', 'null'],
};

/** Validates a partial variant object (from code or admin JSON) and merges it onto `base`. */
export function mergeVariants(base: Variants, patch: Record<string, unknown>): Variants {
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const allowed = CHOICES[key as keyof Variants];
    if (allowed === undefined) throw new Error(`Unknown variant "${key}"`);
    const ok =
      allowed === 'offset'
        ? typeof value === 'string' && /^[+-]\d{2}:\d{2}$/.test(value)
        : (allowed as readonly unknown[]).includes(value);
    if (!ok) throw new Error(`Invalid value for variant "${key}": ${JSON.stringify(value)}`);
    next[key] = value;
  }
  return next as unknown as Variants;
}

/** The variants that decide which records a range holds. */
export type BoundaryVariant = Pick<Variants, 'boundField' | 'toInclusive' | 'overMonth'>;

/**
 * Every boundary-relevant combination (boundField × toInclusive × overMonth), for contract-test loops.
 *
 * @example
 * for (const variant of boundaryVariants()) sandbox.control.setVariants(variant); // 8 combinations
 */
export function boundaryVariants(): BoundaryVariant[] {
  const out: BoundaryVariant[] = [];
  for (const boundField of ['start_time', 'end_time'] as const) {
    for (const toInclusive of [true, false]) {
      for (const overMonth of ['error', 'cut'] as const) out.push({ boundField, toInclusive, overMonth });
    }
  }
  return out;
}

/**
 * `boundaryVariants()` computed once and frozen.
 *
 * @example
 * it.each(ALL_VARIANT_COMBINATIONS)('lands every record with %o', async (variant) => {
 *   const sandbox = await startSandbox({ variants: variant });
 * });
 */
export const ALL_VARIANT_COMBINATIONS: readonly BoundaryVariant[] = Object.freeze(boundaryVariants());

/** Parses CLI `key=value` (booleans and offsets included). */
export function parseVariantAssignment(text: string): Record<string, unknown> {
  const eq = text.indexOf('=');
  if (eq < 1) throw new Error(`Invalid --variant "${text}": use key=value`);
  const key = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : raw;
  return { [key]: value };
}
