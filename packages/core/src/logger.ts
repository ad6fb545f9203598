/**
 * Logging with privacy by default: access tokens and secrets are always redacted; consumer phone numbers
 * are masked (`+1415•••0123`) unless the caller opts in with `revealPhoneNumbers`.
 */
import { maskPhone, PHONE_TEXT, redactSecrets } from './redact.ts';

export { maskPhone };

/** Severity of a log message, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Structured fields attached to a log message; scrubbed by `safeLogger` before they reach a sink. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where the client writes its log; `console` fits, wrapped in `safeLogger`.
 *
 * @example
 * const logger: Logger = safeLogger(console);
 * logger.info('page', { window: '20260101T000000Z-20260201T000000Z', records: 100 });
 */
export interface Logger {
  /** Detail for debugging. */
  debug(message: string, fields?: LogFields): void;
  /** Progress worth seeing by default. */
  info(message: string, fields?: LogFields): void;
  /** Something unexpected the client worked around. */
  warn(message: string, fields?: LogFields): void;
  /** A failure. */
  error(message: string, fields?: LogFields): void;
}

/**
 * A logger that drops everything (the client's default).
 *
 * @example
 * const client = createNodeZoomClient({ auth, logger: silentLogger });
 */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const SECRET_KEYS = /^(authorization|access_?token|client_?secret|secret|password|token|refresh_?token)$/i;
const PHONE_KEYS = /(^|_)(consumer_number|phone|phone_number|contact_center_number|number)$/i;

function scrub(value: unknown, key: string, revealPhones: boolean, depth: number): unknown {
  if (SECRET_KEYS.test(key)) return '[redacted]';
  if (typeof value === 'string') {
    const clean = redactSecrets(value);
    if (revealPhones) return clean;
    return PHONE_KEYS.test(key) ? maskPhone(clean) : clean.replace(PHONE_TEXT, (m) => maskPhone(m));
  }
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, key, revealPhones, depth + 1));
  if (value instanceof Error)
    return scrub({ name: value.name, message: value.message }, key, revealPhones, depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, k, revealPhones, depth + 1);
  return out;
}

/**
 * Scrubs log fields: secrets by key or shape, phone numbers masked unless revealed.
 *
 * @example
 * redactFields({ access_token: 'eyJ…', consumer_number: '+14155550123' });
 * // { access_token: '[redacted]', consumer_number: '+1415•••0123' }
 */
export function redactFields(fields: LogFields | undefined, revealPhones = false): LogFields | undefined {
  if (fields === undefined) return undefined;
  return scrub(fields, '', revealPhones, 0) as LogFields;
}

/**
 * Wraps any logger so every message and field passes through redaction first.
 *
 * @example
 * const logger = safeLogger(console, { revealPhoneNumbers: false });
 * logger.info('sent', { consumer_number: '+14155550123' }); // logs +1415•••0123
 */
export function safeLogger(inner: Logger, options: { revealPhoneNumbers?: boolean } = {}): Logger {
  const reveal = options.revealPhoneNumbers === true;
  const wrap =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      const text = redactSecrets(message);
      inner[level](
        reveal ? text : text.replace(PHONE_TEXT, (m) => maskPhone(m)),
        redactFields(fields, reveal),
      );
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
