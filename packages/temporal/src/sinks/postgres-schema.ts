/**
 * DDL of the PostgreSQL sink, created on first use. The record table is keyed by `engagement_id`, so an
 * upsert is idempotent and a record on a shared month edge lands once whichever window brings it; the
 * checkpoint table is written in the same transaction as each page.
 */
import { SinkConfigError } from './sink.ts';

export interface PostgresTables {
  /** Quoted, optionally schema-qualified record table. */
  readonly records: string;
  readonly checkpoints: string;
  readonly startIndex: string;
  /** Plain name for the advisory lock that serialises DDL across workers. */
  readonly lockKey: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,54}$/;

/** Validates `table` (`name` or `schema.name`, lower case) and derives the quoted identifiers. */
export function postgresTables(table: string): PostgresTables {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) {
    throw new SinkConfigError(
      `sink.table: ${JSON.stringify(table)} is not a plain identifier; use lower-case letters, digits and _ ` +
        '(optionally schema.table), e.g. zoom_sms',
    );
  }
  const name = parts.at(-1)!;
  const schema = parts.length === 2 ? `"${parts[0]}".` : '';
  return {
    records: `${schema}"${name}"`,
    checkpoints: `${schema}"${name}_checkpoints"`,
    startIndex: `"${name}_start_time_idx"`,
    lockKey: table,
  };
}

export function schemaStatements(t: PostgresTables): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${t.records} (
      engagement_id text PRIMARY KEY,
      start_time timestamptz,
      end_time timestamptz,
      direction text,
      record jsonb NOT NULL,
      window_id text NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX IF NOT EXISTS ${t.startIndex} ON ${t.records} (start_time)`,
    `CREATE TABLE IF NOT EXISTS ${t.checkpoints} (
      backfill_id text NOT NULL,
      window_id text NOT NULL,
      cursor jsonb NOT NULL,
      committed boolean NOT NULL DEFAULT false,
      records integer,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (backfill_id, window_id)
    )`,
  ];
}

/** Upsert of one page: `$1` a JSON array of rows (postgres-rows.ts), `$2` the window id. */
export function upsertRecordsSql(t: PostgresTables): string {
  // window_id is set on insert only: the first window to land an edge record owns it, so per-window
  // counts add up to the table's total. The record is refreshed only when it changed.
  return `INSERT INTO ${t.records} AS t (engagement_id, start_time, end_time, direction, record, window_id)
    SELECT r->>'engagement_id', (r->>'start_time')::timestamptz, (r->>'end_time')::timestamptz,
           r->>'direction', r->'record', $2
    FROM jsonb_array_elements($1::jsonb) AS r
    ON CONFLICT (engagement_id) DO UPDATE
      SET record = EXCLUDED.record, start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time,
          direction = EXCLUDED.direction, updated_at = now()
      WHERE t.record IS DISTINCT FROM EXCLUDED.record`;
}

export function upsertCheckpointSql(t: PostgresTables): string {
  return `INSERT INTO ${t.checkpoints} (backfill_id, window_id, cursor, committed)
    VALUES ($1, $2, $3::jsonb, false)
    ON CONFLICT (backfill_id, window_id) DO UPDATE
      SET cursor = EXCLUDED.cursor, committed = false, updated_at = now()`;
}
