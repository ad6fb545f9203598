/**
 * PostgreSQL sink: one row per engagement (`engagement_id` primary key, the record as jsonb plus typed
 * `start_time`, `end_time`, `direction`), `INSERT … ON CONFLICT DO UPDATE`, and the window's checkpoint
 * in the same transaction as each page. Tables are created on first use. Rows are made by
 * postgres-rows.ts, so a malformed timestamp or a U+0000 never fails a page.
 */
import type { WindowCursor } from '@zcc-sms/core';
import pg from 'pg';
import { postgresRows } from './postgres-rows.ts';
import {
  type PostgresTables,
  postgresTables,
  schemaStatements,
  upsertCheckpointSql,
  upsertRecordsSql,
} from './postgres-schema.ts';
import type { BackfillSink } from './sink.ts';

/** Options of `createPostgresSink`: the connection string, record table and pool size. */
export interface PostgresSinkOptions {
  /** `postgres://user:pass@host:port/db` — worker configuration, never workflow input. */
  readonly connectionString: string;
  /** Record table, `name` or `schema.name`. Default `zoom_sms`. */
  readonly table?: string | undefined;
  /** Pool size. Default 10 (one per window in flight is enough). */
  readonly maxConnections?: number | undefined;
}

/**
 * A sink upserting records by `engagement_id` into PostgreSQL, each page with its checkpoint in one transaction.
 *
 * @example
 * const sink = createPostgresSink({ connectionString: process.env.ZCC_PG_URL!, table: 'zoom_sms' });
 */
export function createPostgresSink(options: PostgresSinkOptions): BackfillSink {
  const tables = postgresTables(options.table ?? 'zoom_sms');
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // An idle client that loses its server emits 'error' on the pool; without a listener Node would crash.
  pool.on('error', () => undefined);
  let schema: Promise<void> | undefined;

  const ensureSchema = (): Promise<void> => {
    schema ??= createSchema(pool, tables).catch((error: unknown) => {
      schema = undefined;
      throw error;
    });
    return schema;
  };

  return {
    async open(target) {
      await ensureSchema();
      const result = await pool.query<{ cursor: WindowCursor }>(
        `SELECT cursor FROM ${tables.checkpoints} WHERE backfill_id = $1 AND window_id = $2 AND NOT committed`,
        [target.backfillId, target.window.id],
      );
      const row = result.rows[0];
      return row ? { checkpoint: row.cursor } : {};
    },

    async writePage(target, records, checkpoint) {
      await ensureSchema();
      // A page never repeats an id, but a hand-written caller might: ON CONFLICT cannot touch a row twice.
      const unique = [...new Map(records.map((r) => [r.engagement_id, r])).values()];
      await transaction(pool, async (client) => {
        if (unique.length > 0) {
          await client.query(upsertRecordsSql(tables), [
            JSON.stringify(postgresRows(unique)),
            target.window.id,
          ]);
        }
        await client.query(upsertCheckpointSql(tables), [
          target.backfillId,
          target.window.id,
          JSON.stringify(checkpoint),
        ]);
      });
    },

    async commitWindow(target) {
      await ensureSchema();
      return await transaction(pool, async (client) => {
        const count = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${tables.records} WHERE window_id = $1`,
          [target.window.id],
        );
        const records = Number(count.rows[0]?.n ?? 0);
        await client.query(
          `INSERT INTO ${tables.checkpoints} (backfill_id, window_id, cursor, committed, records)
           VALUES ($1, $2, '{}'::jsonb, true, $3)
           ON CONFLICT (backfill_id, window_id) DO UPDATE SET committed = true, records = $3, updated_at = now()`,
          [target.backfillId, target.window.id, records],
        );
        return { records };
      });
    },

    async close() {
      await pool.end();
    },
  };
}

async function createSchema(pool: pg.Pool, tables: PostgresTables): Promise<void> {
  await transaction(pool, async (client) => {
    // Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog: serialise across workers.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`zcc-sms:${tables.lockKey}`]);
    for (const statement of schemaStatements(tables)) await client.query(statement);
  });
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client whose server goes away between two queries emits 'error'; with no listener
  // that would crash the worker (seen when PostgreSQL restarts mid-backfill, restarts.test.ts). The
  // failed query reports it; the broken client is destroyed, not returned to the pool.
  let broken = false;
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
