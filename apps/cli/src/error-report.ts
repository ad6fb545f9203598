/**
 * Turns any error into what the user sees: one line on stderr and an exit code. Core errors are mapped by
 * class (the exit-code table); user mistakes never show a stack trace, and `--debug` adds one for
 * everything else. Every line passes through the redactor, so secrets never reach the terminal.
 */
import {
  causeChain,
  SMS_READ_SCOPES_TEXT,
  ZoomAbortError,
  ZoomAuthError,
  ZoomCredentialsError,
  ZoomDailyQuotaError,
  ZoomError,
  ZoomInputError,
  ZoomNetworkError,
  ZoomPermissionError,
} from '@zcc-sms/core';
import { CliError } from './cli-error.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { flagForField } from './flag-names.ts';
import type { LineFormatter } from './log-format.ts';
import type { Redactor } from './redactor.ts';
import { grpcDetail } from './temporal/workflow-result.ts';

export interface ErrorReport {
  readonly exitCode: ExitCode;
  readonly message: string;
  /** A stack trace is worth showing with `--debug` (never for user mistakes). */
  readonly unexpected: boolean;
}

function inputMessage(error: ZoomInputError): string {
  const flag = flagForField(error.field);
  // The core writes `${field}: ${JSON value} ${problem}; ${fix}`; name the flag instead of the field.
  const prefix = `${error.field}: `;
  let rest = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  // A missing value has no JSON form: `to: undefined is missing…` reads as `--to is missing…`.
  if (error.value === undefined && rest.startsWith('undefined ')) rest = rest.slice('undefined '.length);
  return `${flag} ${rest}`;
}

function when(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Classifies an error into the exit-code table. */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    return { exitCode: error.exitCode, message: error.message, unexpected: error.exitCode === EXIT.failure };
  }
  if (error instanceof ZoomInputError)
    return { exitCode: EXIT.usage, message: inputMessage(error), unexpected: false };
  if (error instanceof ZoomCredentialsError) {
    return {
      exitCode: EXIT.credentials,
      message: `${error.message} Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (environment, .env or --account-id/--client-id/--client-secret).`,
      unexpected: false,
    };
  }
  if (error instanceof ZoomAuthError || error instanceof ZoomPermissionError) {
    return {
      exitCode: EXIT.credentials,
      message: `${error.message}. The Server-to-Server OAuth app needs the scope ${SMS_READ_SCOPES_TEXT}: add it in the Zoom App Marketplace, then run again.`,
      unexpected: false,
    };
  }
  if (error instanceof ZoomDailyQuotaError) {
    return {
      exitCode: EXIT.dailyQuota,
      message: `${error.message}. The quota resets at ${when(error.resetAt)}; run again after that, or use --on-quota wait (the default) to wait and continue.`,
      unexpected: false,
    };
  }
  if (error instanceof ZoomNetworkError) {
    return {
      exitCode: EXIT.unreachable,
      message: `${error.message}. Check the URL (ZOOM_API_BASE_URL / ZOOM_OAUTH_TOKEN_URL or --api-base-url / --token-url) and your network.`,
      unexpected: false,
    };
  }
  if (error instanceof ZoomAbortError)
    return { exitCode: EXIT.interrupted, message: 'Interrupted', unexpected: false };
  if (error instanceof ZoomError) return { exitCode: EXIT.failure, message: error.message, unexpected: true };
  if (error instanceof Error)
    return {
      exitCode: EXIT.failure,
      // A Temporal call's message alone ("Failed to get Workflow execution history") hides why it failed.
      message: `Unexpected error: ${error.message}${grpcDetail(error)}`,
      unexpected: true,
    };
  return { exitCode: EXIT.failure, message: `Unexpected error: ${String(error)}`, unexpected: true };
}

/**
 * One link of the chain: `Name: message` as the error holds it now, then the stack frames only — a stack's
 * first line is captured at construction and may still quote a message that was redacted afterwards.
 */
function describe(link: unknown, redactor: Redactor): string {
  if (!(link instanceof Error)) {
    let text: string;
    try {
      text = typeof link === 'string' ? link : (JSON.stringify(link) ?? String(link));
    } catch {
      text = String(link);
    }
    return redactor.redact(text.slice(0, 2_000));
  }
  const frames = (link.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  // JSON.parse quotes the start of the text it failed on: a response body, which may hold a credential
  // cut short (so no literal match would hide it). Keep the error, drop the quote.
  const message =
    link instanceof SyntaxError ? link.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"') : link.message;
  return [redactor.redact(`${link.name}: ${message}`), ...frames].join('\n');
}

/**
 * The text written to stderr for an error: `zcc-sms: …`, plus each cause with its stack under `--debug`.
 * Every message of the chain is redacted on its own and the whole text once more.
 */
export function formatError(
  error: unknown,
  report: ErrorReport,
  options: { debug: boolean; redactor: Redactor },
): string {
  let text = `zcc-sms: ${options.redactor.redact(report.message)}\n`;
  if (options.debug && error instanceof Error) {
    causeChain(error).forEach((link, depth) => {
      text += `${depth === 0 ? '' : 'Caused by: '}${describe(link, options.redactor)}\n`;
    });
  } else if (report.unexpected) {
    text += 'Run again with --debug for details.\n';
  }
  return options.redactor.redact(text);
}

/** The first value of a string field along the chain (Zoom's `trackingId`, a failed window's id). */
function along(error: unknown, key: string): string | undefined {
  for (const link of causeChain(error)) {
    const value = (link as Record<string, unknown>)[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * What a log line says about an error: its name, Zoom's tracking id and the window when the chain carries
 * them, and `cause` — every link of the chain as `Name: message` (stack frames too with `debug`), each
 * redacted, joined by `Caused by:` lines. Used by the JSON error report and the worker's logs.
 */
export function causeFields(
  error: unknown,
  options: { debug: boolean; redactor: Redactor },
): Record<string, string> {
  const links = causeChain(error).map((link) => {
    const text = describe(link, options.redactor);
    return options.debug ? text : (text.split('\n')[0] ?? '');
  });
  // A failure that crossed Temporal is an ApplicationFailure: the id survives only in its message, as the
  // core writes it (`… [tracking id X]`).
  const trackingId = along(error, 'trackingId') ?? /\[tracking id ([^\]\s]+)\]/.exec(links.join('\n'))?.[1];
  const window = along(error, 'windowId') ?? along(error, 'window');
  return {
    ...(error instanceof Error ? { error: error.name } : {}),
    ...(trackingId ? { trackingId } : {}),
    ...(window ? { window } : {}),
    ...(links.length > 0 ? { cause: links.join('\nCaused by: ') } : {}),
  };
}

/** The error as one JSON log line (`--log-format json`): the message a user sees, the exit code, `causeFields`. */
export function formatErrorJson(
  error: unknown,
  report: ErrorReport,
  options: { debug: boolean; redactor: Redactor; line: LineFormatter },
): string {
  return options.line('error', report.message, { exitCode: report.exitCode, ...causeFields(error, options) });
}
