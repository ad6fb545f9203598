/**
 * Which activity errors are worth running again, as a pure policy. The core is the only HTTP retry layer:
 * a Zoom error that reaches an activity has already been retried as far as it deserves, so a ZoomError
 * the core calls non-retryable (400, 404, a 401 that survived a refresh, a body of another shape) is final
 * — the same request gives the same answer, and retrying it would spend requests every minute for ever.
 * Sink errors are final when the same write must fail again (permissions, a full disk, data PostgreSQL
 * refuses) and transient when the store was only out of reach (connection refused/reset, server restart).
 * Anything else is transient, and Temporal's capped retry policy (workflows/activity-proxies.ts) bounds it.
 */
import { redactFields, ZoomError } from '@zcc-sms/core';

export type FailureKind = 'final' | 'transient';

export interface FailureVerdict {
  readonly kind: FailureKind;
  /** Failure type Temporal records (the error class, or `SinkWriteError` for a sink's I/O). */
  readonly type: string;
  /** What the user reads: Zoom's status, message and tracking id, or the sink's error and code. */
  readonly message: string;
}

/** File-system codes a retry cannot fix: the operator must (permissions, space, a read-only mount). */
const FINAL_FS_CODES = new Set([
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'ENAMETOOLONG',
]);

/**
 * PostgreSQL SQLSTATE classes that are transient: 08 connection exception, 40 transaction rollback
 * (serialization failure, deadlock), 53 insufficient resources (too many connections), 57 operator
 * intervention (admin shutdown, cannot connect now), 58 system error. Every other class (22 data
 * exception, 23 integrity, 28 authorization, 42 syntax or access rule, …) fails the same way again.
 * Source: PostgreSQL manual, Appendix A "PostgreSQL Error Codes".
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);

/** Node's network codes: the store was unreachable, not wrong. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function classifyFailure(error: unknown): FailureVerdict {
  if (error instanceof ZoomError) {
    return { kind: error.retryable ? 'transient' : 'final', type: error.name, message: zoomMessage(error) };
  }
  const code =
    typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = scrub(error instanceof Error ? error.message : String(error));
  if (FINAL_FS_CODES.has(code))
    return { kind: 'final', type: 'SinkWriteError', message: `${code}: ${message}` };
  if (/^[0-9A-Z]{5}$/.test(code) && !NETWORK_CODES.has(code)) {
    const kind = TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)) ? 'transient' : 'final';
    return { kind, type: 'SinkWriteError', message: `PostgreSQL ${code}: ${message}` };
  }
  const name = error instanceof Error ? error.name : 'Error';
  return { kind: 'transient', type: name, message: code ? `${code}: ${message}` : message };
}

/**
 * Zoom's message with what support needs to find the request — HTTP status, Zoom code, tracking id — each
 * added only when the core's message does not already say it.
 */
function zoomMessage(error: ZoomError): string {
  const message = scrub(error.message);
  const facts = [
    error.code !== undefined && !message.includes(`code ${error.code}`)
      ? `Zoom code ${error.code}`
      : undefined,
    error.trackingId && !message.includes(error.trackingId) ? `tracking id ${error.trackingId}` : undefined,
  ].filter(Boolean);
  const status =
    error.status !== undefined && !message.includes(`HTTP ${error.status}`) ? `HTTP ${error.status}: ` : '';
  return `${status}${message}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

/**
 * Credentials never leave the worker: token shapes and the password of any URL are removed. Failure
 * messages reach worker logs, history and the CLI, so phone numbers (a 400 may quote a consumer-number
 * filter, a PostgreSQL error a value) are masked by the core's log policy (`redactFields`).
 */
export function scrub(text: string): string {
  const withoutPasswords = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1[redacted]@');
  return String(redactFields({ message: withoutPasswords })?.message);
}
