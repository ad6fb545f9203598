/**
 * Typed errors. One base class carries what support and retry logic need (`status`, Zoom `code`,
 * `trackingId` from `x-zm-trackingid`, `retryAfterMs`); subclasses are made by one factory from the
 * response (the stripe-node `Error.ts` pattern). Messages never contain secrets or phone numbers: the
 * factory only ever sees Zoom's response body, and redact.ts scrubs anything token-shaped that echoes
 * back and masks E.164 numbers (a filter echoed in a 400, a record in a proxy's error page).
 */
import { maskPhoneNumbers, redactSecrets } from './redact.ts';

export { redactSecrets };

export interface ZoomErrorInit {
  status?: number | undefined;
  code?: number | string | undefined;
  trackingId?: string | undefined;
  retryAfterMs?: number | undefined;
  url?: string | undefined;
  cause?: unknown;
}

/**
 * Base class of every error the client throws; `retryable` says whether the request layer tries again.
 *
 * @example
 * try {
 *   await client.sms.list(query);
 * } catch (error) {
 *   if (error instanceof ZoomError) console.error(error.name, error.status, error.trackingId);
 * }
 */
export class ZoomError extends Error {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name: string = 'ZoomError';
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** Zoom's error code from the body, when it sent one. */
  readonly code: number | string | undefined;
  /** Zoom's `x-zm-trackingid`: quote it to Zoom support. */
  readonly trackingId: string | undefined;
  /** How long Zoom asked us to wait, when it said so. */
  readonly retryAfterMs: number | undefined;
  /** The request URL without its query string (query values can hold phone numbers). */
  readonly url: string | undefined;
  /** Retrying the same request may succeed (network faults, 5xx, per-second 429, truncated bodies). */
  readonly retryable: boolean = false;

  constructor(message: string, init: ZoomErrorInit = {}) {
    // Redacted at construction: messages travel into logs, Temporal failures and `--debug` output.
    super(
      maskPhoneNumbers(redactSecrets(message)),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.status = init.status;
    this.code = init.code;
    this.trackingId = init.trackingId;
    this.retryAfterMs = init.retryAfterMs;
    this.url = init.url;
  }
}

/**
 * Bad input, found before any request. Names the field, the value and the fix.
 *
 * @example
 * throw new ZoomInputError('page_size', 500, 'is out of range', 'use a whole number from 1 to 100');
 * // error.message: page_size: 500 is out of range; use a whole number from 1 to 100
 */
export class ZoomInputError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomInputError';
  /** The option, parameter or variable at fault, e.g. `page_size`. */
  readonly field: string;
  /** The value given. */
  readonly value: unknown;
  /** What is wrong with the value, e.g. `is before from (2026-02-01)`. */
  readonly problem: string;
  /** How to fix it, e.g. `use a whole number from 1 to 100`. */
  readonly fix: string;
  constructor(field: string, value: unknown, problem: string, fix: string) {
    super(`${field}: ${JSON.stringify(value)} ${problem}; ${fix}`);
    this.field = field;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
  }
}

/**
 * 400 from the API (other than a page-token problem).
 *
 * @example
 * if (error instanceof ZoomBadRequestError) for (const e of error.errors) console.error(e.field, e.message);
 */
export class ZoomBadRequestError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name: string = 'ZoomBadRequestError';
  /** Zoom's per-field validation errors, when it sent any. */
  readonly errors: ReadonlyArray<{ field?: string; message?: string }>;
  constructor(
    message: string,
    init: ZoomErrorInit & { errors?: ReadonlyArray<{ field?: string; message?: string }> },
  ) {
    super(message, init);
    this.errors = init.errors ?? [];
  }
}

/**
 * The `next_page_token` expired (15 minutes after issue) or no longer matches the query.
 *
 * @example
 * if (error instanceof ZoomPageTokenError) cursor = undefined; // restart the window from its first page
 */
export class ZoomPageTokenError extends ZoomBadRequestError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomPageTokenError';
}

/**
 * 401 that survived one token refresh and one replay.
 *
 * @example
 * if (error instanceof ZoomAuthError) console.error('Zoom rejected the access token; check the app is activated');
 */
export class ZoomAuthError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomAuthError';
}

/**
 * The token endpoint rejected the client id/secret or account id. Never retried.
 *
 * @example
 * if (error instanceof ZoomCredentialsError) console.error('check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET');
 */
export class ZoomCredentialsError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomCredentialsError';
}

/**
 * 403, or code 4700 (the app lacks `contact_center_sms:read:admin` / `contact_center:read:sms_log:admin`).
 *
 * @example
 * if (error instanceof ZoomPermissionError) console.error(`add the scope ${SMS_READ_SCOPES_TEXT} to the app`);
 */
export class ZoomPermissionError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomPermissionError';
}

/**
 * 404 from the API (for example a wrong base URL).
 *
 * @example
 * if (error instanceof ZoomNotFoundError) console.error(`nothing at ${error.url}; check ZOOM_API_BASE_URL`);
 */
export class ZoomNotFoundError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomNotFoundError';
}

/**
 * 429 for the per-second limit: paced and retried.
 *
 * @example
 * if (error instanceof ZoomRateLimitError) console.warn(`throttled; retry after ${error.retryAfterMs} ms`);
 */
export class ZoomRateLimitError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomRateLimitError';
  /** Always retried by the request layer, up to `retry.maxAttempts`. */
  override readonly retryable = true;
}

/**
 * The daily quota is spent (by Zoom's 429 or by our own budget). `resetAt` is when to try again.
 *
 * @example
 * if (error instanceof ZoomDailyQuotaError) console.error(`quota spent until ${new Date(error.resetAt).toISOString()}`);
 */
export class ZoomDailyQuotaError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomDailyQuotaError';
  /** Epoch ms: 00:00 UTC next day unless Zoom's `Retry-After` said otherwise. */
  readonly resetAt: number;
  constructor(message: string, init: ZoomErrorInit & { resetAt: number }) {
    super(message, init);
    this.resetAt = init.resetAt;
  }
}

/**
 * 5xx from the API: retried with backoff, thrown once the attempts are spent.
 *
 * @example
 * if (error instanceof ZoomServerError) console.error(`Zoom answered ${error.status} [tracking id ${error.trackingId}]`);
 */
export class ZoomServerError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomServerError';
  /** Always retried by the request layer, up to `retry.maxAttempts`. */
  override readonly retryable = true;
}

/**
 * Connection refused/reset, DNS failure, timeout.
 *
 * @example
 * if (error instanceof ZoomNetworkError) console.error('cannot reach Zoom:', error.message);
 */
export class ZoomNetworkError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomNetworkError';
  /** Always retried by the request layer, up to `retry.maxAttempts`. */
  override readonly retryable = true;
}

/**
 * A 2xx body that is not the JSON we expect: truncated (retryable) or of another shape (not retryable).
 *
 * @example
 * if (error instanceof ZoomResponseError) console.error(`unexpected body at ${error.path ?? 'the top level'}`);
 */
export class ZoomResponseError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomResponseError';
  /** Where in the body validation failed, e.g. `sms.3.engagement_id`. */
  readonly path: string | undefined;
  /** True for a truncated body, false for a body of another shape. */
  override readonly retryable: boolean;
  constructor(message: string, init: ZoomErrorInit & { path?: string; truncated: boolean }) {
    super(message, init);
    this.path = init.path;
    this.retryable = init.truncated;
  }
}

/**
 * The caller aborted (AbortSignal).
 *
 * @example
 * const controller = new AbortController();
 * const page = client.sms.list(query, { signal: controller.signal });
 * controller.abort(); // page rejects with ZoomAbortError
 */
export class ZoomAbortError extends ZoomError {
  /** The class name as a literal, so it survives bundling and minification (compare it, or use `instanceof`). */
  override readonly name = 'ZoomAbortError';
}
