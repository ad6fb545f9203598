/**
 * The identity of a PostgreSQL database that may travel in workflow input: `host:port/database`, never
 * the user or password. The CLI puts it in the sink spec of `--sink postgres:URL`; workers compare it with
 * their own connection (sink-guards.ts). Exported as `@zcc-sms/temporal/postgres-target` so the CLI reads
 * it without loading the Temporal SDK. A URL without a database name means the user's own, as in libpq.
 */
import { SinkConfigError } from './sink.ts';

/**
 * The `host:port/database` of a connection string: safe in workflow input, without user or password.
 *
 * @example
 * postgresTargetId('postgres://app:secret@DB.internal:6432/sms') // 'db.internal:6432/sms'
 */
export function postgresTargetId(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new SinkConfigError(
      'sink.connection: the PostgreSQL URL does not parse; use postgres://user:pass@host:port/db',
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username);
  return `${url.hostname.toLowerCase()}:${url.port || '5432'}/${database}`;
}
