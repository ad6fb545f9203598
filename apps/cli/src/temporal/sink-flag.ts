/**
 * `--sink ndjson:DIR | postgres:URL | postgres:NAME | s3://BUCKET/PREFIX` → the temporal package's sink
 * spec (JSON, no secrets: it travels in workflow input and history) plus the worker-side connection
 * strings. A PostgreSQL URL stays in this process (the in-process worker's configuration) and its password
 * is registered with the redactor; remote workers use their own `ZCC_PG_URL` / `ZCC_PG_URL_<NAME>`. An
 * `s3://` sink names only the bucket and prefix (`--format` picks ndjson or parquet): the endpoint and
 * keys are every worker's own environment (`AWS_*`, `ZCC_S3_*`).
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
  'use ndjson:DIR (a directory), postgres:URL (postgres://user:pass@host/db), postgres:NAME (a worker connection) or s3://BUCKET/PREFIX';

/** Window object formats of `s3://` sinks (`--format`). */
export const OBJECT_FORMATS = ['ndjson', 'parquet'] as const;

export function parseSinkFlag(
  value: string,
  options: { cwd: string; table?: string | undefined; format?: string | undefined; redactor: Redactor },
): SinkChoice {
  if (/^s3:\/\//i.test(value)) return objectSink(value, options.format);
  if (options.format !== undefined) {
    throw flagError(
      '--format',
      options.format,
      'applies only to s3:// sinks',
      'drop --format, or use --sink s3://BUCKET/PREFIX',
    );
  }
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

/** `s3://bucket/prefix` → `{ type: 's3', bucket, prefix, format }`; the worker checks the bucket name too. */
function objectSink(value: string, format: string | undefined): SinkChoice {
  const fix = 'use s3://BUCKET/PREFIX, e.g. s3://sms-archive/zoom/sms';
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  // Normalised as the worker does (no leading `/`, one trailing `/`), so `…/sms` and `…/sms/` are one
  // backfill (the spec is part of the workflow id) rather than two writing the same objects.
  const path = (slash < 0 ? '' : rest.slice(slash + 1)).replace(/^\/+/, '');
  const prefix = path === '' || path.endsWith('/') ? path : `${path}/`;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw flagError(
      '--sink',
      value,
      `names ${JSON.stringify(bucket)}, which is not a bucket name (3–63 lower-case letters, digits, dots, hyphens)`,
      fix,
    );
  }
  if (/[?#@]/.test(rest)) throw flagError('--sink', value, 'holds a query, fragment or user part', fix);
  const chosen = format ?? 'ndjson';
  if (!(OBJECT_FORMATS as readonly string[]).includes(chosen)) {
    throw flagError('--format', chosen, 'is not an object format', `use ${OBJECT_FORMATS.join(' or ')}`);
  }
  const shown = `s3://${bucket}/${prefix}`;
  return {
    spec: { type: 's3', bucket, ...(prefix ? { prefix } : {}), format: chosen },
    postgres: {},
    description: `${chosen === 'parquet' ? 'Parquet' : 'gzip NDJSON'} objects in ${shown} (the workers' AWS_* and ZCC_S3_* settings)`,
  };
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
