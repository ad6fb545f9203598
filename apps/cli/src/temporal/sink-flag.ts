/**
 * `--sink ndjson:DIR | postgres:URL | postgres:NAME` → the temporal package's sink spec (JSON, no secrets:
 * it travels in workflow input and history) plus the worker-side connection strings. A PostgreSQL URL
 * stays in this process (the in-process worker's configuration) and its password is registered with the
 * redactor; remote workers use their own `ZCC_PG_URL` / `ZCC_PG_URL_<NAME>`.
 */
import { resolve } from 'node:path';
import type { SinkSpec } from '@zcc-sms/temporal';
import { postgresTargetId } from '@zcc-sms/temporal/postgres-target';
import { flagError } from '../cli-error.ts';
import type { Redactor } from '../redactor.ts';

export interface SinkChoice {
  readonly spec: SinkSpec;
  /** Connection strings for an in-process worker, by name. */
  readonly postgres: Readonly<Record<string, string>>;
  /** For messages, never containing a password. */
  readonly description: string;
}

const FIX =
  'use ndjson:DIR (a directory) or postgres:URL (postgres://user:pass@host/db) or postgres:NAME (a worker connection)';

export function parseSinkFlag(
  value: string,
  options: { cwd: string; table?: string | undefined; redactor: Redactor },
): SinkChoice {
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  if (kind === 'ndjson') {
    if (rest.trim() === '') throw flagError('--sink', value, 'names no directory', FIX);
    const dir = resolve(options.cwd, rest);
    return { spec: { type: 'ndjson', dir }, postgres: {}, description: `NDJSON files in ${dir}` };
  }
  if (kind === 'postgres' || kind === 'postgresql') {
    const table = options.table;
    const tableSpec = table === undefined ? {} : { table };
    if (/^postgres(ql)?:\/\//.test(rest)) {
      let url: URL;
      try {
        url = new URL(rest);
      } catch {
        throw flagError('--sink', 'postgres:…', 'holds a URL that does not parse', FIX);
      }
      options.redactor.add(url.password);
      if (url.password) options.redactor.add(decodeURIComponentSafe(url.password));
      const shown = `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}`;
      return {
        // The target (no credentials) makes workers aimed at another database refuse the task.
        spec: { type: 'postgres', target: postgresTargetId(rest), ...tableSpec },
        postgres: { default: rest },
        description: `PostgreSQL ${shown}${table ? ` table ${table}` : ''}`,
      };
    }
    if (rest === '' || /^[a-z0-9_]+$/i.test(rest)) {
      const name = rest === '' ? undefined : rest.toLowerCase();
      return {
        spec: { type: 'postgres', ...(name ? { connection: name } : {}), ...tableSpec },
        postgres: {},
        description: `PostgreSQL connection ${name ?? 'default'} of the workers (ZCC_PG_URL${name ? `_${name.toUpperCase()}` : ''})`,
      };
    }
    throw flagError('--sink', `${kind}:…`, 'is neither a postgres:// URL nor a connection name', FIX);
  }
  throw flagError(
    '--sink',
    withoutPassword(value, options.redactor),
    `names the unknown sink ${JSON.stringify(kind)}`,
    FIX,
  );
}

/**
 * `value` for an error message: a URL with its password replaced by `***` (and registered with the
 * redactor), so a mistyped `--sink mysql://user:pass@host/db` never echoes the password; anything else
 * after the scheme is not shown at all (it may be a secret in a shape we do not know).
 */
function withoutPassword(value: string, redactor: Redactor): string {
  const colon = value.indexOf(':');
  if (colon < 0) return value;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || !URL.canParse(value)) return `${value.slice(0, colon)}:…`;
  const url = new URL(value);
  if (url.password !== '') {
    redactor.add(url.password);
    redactor.add(decodeURIComponentSafe(url.password));
    url.password = '***';
  }
  return url.href;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
