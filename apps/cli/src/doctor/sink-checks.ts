/**
 * Sink writability for `zcc-sms doctor`, one check per `--sink`: an NDJSON directory gets a probe file
 * created and deleted (and any directory made for it removed again); a PostgreSQL sink runs the sink's own
 * statements in a rolled-back transaction (temporal's `probePostgresSink`); an `s3://` sink gets a tiny
 * object put and deleted under its prefix with the keys and endpoint of this environment, as a worker here
 * would (temporal's `probeObjectSink`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../config.ts';
import { connectionPassword, type Redactor } from '../redactor.ts';
import { parseSinkFlag, type SinkChoice } from '../temporal/sink-flag.ts';
import { type Check, fail, ok, skipped } from './verdict.ts';

export interface SinkCheckOptions {
  readonly sinks: readonly string[];
  readonly table: string | undefined;
  readonly format?: string | undefined;
  readonly cwd: string;
  readonly env: Env;
  readonly redactor: Redactor;
}

export function sinkChecks(options: SinkCheckOptions): Check[] {
  return options.sinks.map((value) => ({
    name: options.sinks.length > 1 ? `sink ${value.split(':')[0]}` : 'sink',
    async run() {
      const sink = parseSinkFlag(value, {
        cwd: options.cwd,
        table: options.table,
        format: options.format,
        redactor: options.redactor,
      });
      if (sink.spec.type === 'ndjson') return await probeDirectory(String(sink.spec.dir));
      if (sink.spec.type === 's3') return await probeObjectStore(sink, options.env);
      return await probePostgres(sink, options);
    },
  }));
}

async function probeDirectory(dir: string) {
  let made: string | undefined;
  const file = join(dir, `.zcc-sms-doctor-${randomBytes(4).toString('hex')}`);
  try {
    made = await mkdir(dir, { recursive: true });
    await writeFile(file, 'probe\n', { flag: 'wx' });
    await unlink(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail(
      `cannot write NDJSON files in ${dir} (${code}): pick a directory this user may write, or fix its permissions`,
    );
  } finally {
    if (made !== undefined) await rm(made, { recursive: true, force: true });
  }
  return ok(
    `${dir} is writable${made !== undefined ? ' (it does not exist yet; the backfill creates it)' : ''}`,
  );
}

async function probePostgres(sink: SinkChoice, options: SinkCheckOptions) {
  const name = sink.spec.connection === undefined ? undefined : String(sink.spec.connection);
  const variable = name === undefined ? 'ZCC_PG_URL' : `ZCC_PG_URL_${name.toUpperCase()}`;
  const url = sink.postgres.default ?? options.env[variable]?.trim();
  if (!url) {
    return skipped(
      `${sink.description}: ${variable} is not set here, so only the workers can check it (run doctor where they run)`,
    );
  }
  options.redactor.add(connectionPassword(url));
  const { probePostgresSink } = await import('@zcc-sms/temporal');
  try {
    const probe = await probePostgresSink({ connectionString: url, table: options.table });
    return ok(
      `${sink.description}: ${probe.existed ? `may write table ${probe.table}` : `may create table ${probe.table}`} (checked in a rolled-back transaction)`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      `${sink.description}: ${message}; the sink runs CREATE TABLE IF NOT EXISTS, which needs CREATE on the schema even when the tables exist, then INSERT, UPDATE and SELECT: grant those to this role`,
    );
  }
}

async function probeObjectStore(sink: SinkChoice, env: Env) {
  if (!env.AWS_ACCESS_KEY_ID?.trim()) {
    return skipped(
      `${sink.description}: AWS_ACCESS_KEY_ID is not set here, so only the workers can check it (run doctor where they run)`,
    );
  }
  const { objectStoreSettingsFromEnv, probeObjectSink } = await import('@zcc-sms/temporal');
  try {
    const where = await probeObjectSink(sink.spec, objectStoreSettingsFromEnv(env));
    return ok(`${where} is writable (a probe object was put and deleted)`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      `${sink.description}: ${message}; the workers need s3:PutObject, s3:GetObject, s3:DeleteObject and s3:ListBucket there`,
    );
  }
}
