/**
 * Whether a PostgreSQL sink would work, without leaving a trace: inside one transaction that is always
 * rolled back, run exactly what the sink runs — its DDL (CREATE … IF NOT EXISTS needs CREATE on the schema
 * even when the table exists), a page upsert and a checkpoint upsert of a probe row, and a read back.
 * `zcc-sms doctor` shows the outcome; a failure is PostgreSQL's own error (e.g. "permission denied for
 * schema public").
 */
import pg from 'pg';
import { postgresRows } from './postgres-rows.ts';
import {
  postgresTables,
  schemaStatements,
  upsertCheckpointSql,
  upsertRecordsSql,
} from './postgres-schema.ts';

/** Options of `probePostgresSink`: the connection string and record table. */
export interface PostgresProbeOptions {
  /** `postgres://user:pass@host:port/db`. */
  readonly connectionString: string;
  /** Record table, `name` or `schema.name`. Default `zoom_sms`. */
  readonly table?: string | undefined;
}

/** What `probePostgresSink` found: the table and whether it existed. */
export interface PostgresProbe {
  /** The quoted record table probed. */
  readonly table: string;
  /** The table existed before the probe (else the sink would create it). */
  readonly existed: boolean;
}

const PROBE_ID = 'zcc-sms-doctor-probe';

/**
 * Throws PostgreSQL's error when the sink would fail; commits nothing either way.
 *
 * @example
 * const probe = await probePostgresSink({ connectionString: process.env.ZCC_PG_URL!, table: 'zoom_sms' });
 * console.log(`${probe.table} ok`);
 */
export async function probePostgresSink(options: PostgresProbeOptions): Promise<PostgresProbe> {
  const tables = postgresTables(options.table ?? 'zoom_sms');
  const client = new pg.Client({
    connectionString: options.connectionString,
    connectionTimeoutMillis: 10_000,
  });
  // A connection lost mid-probe emits 'error' on the client; the pending query rejects with it anyway.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      const found = await client.query<{ name: string | null }>('SELECT to_regclass($1) AS name', [
        tables.records,
      ]);
      const existed = found.rows[0]?.name !== null && found.rows[0]?.name !== undefined;
      for (const statement of schemaStatements(tables)) await client.query(statement);
      // The rows exactly as the sink builds them (postgres-rows.ts), so the probe fails where a page would.
      const rows = postgresRows([{ engagement_id: PROBE_ID }]);
      await client.query(upsertRecordsSql(tables), [JSON.stringify(rows), PROBE_ID]);
      await client.query(upsertCheckpointSql(tables), [PROBE_ID, PROBE_ID, '{}']);
      await client.query(`SELECT engagement_id FROM ${tables.records} WHERE engagement_id = $1`, [PROBE_ID]);
      return { table: tables.records, existed };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
