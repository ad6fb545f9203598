/**
 * The sink contract: where a backfill's records land. Users implement it for their own store.
 *
 * Exactly-once rests on three properties every sink must have:
 * 1. `writePage` is idempotent: writing the same records again (after a retry, a restarted window, a
 *    duplicate delivery on a shared month edge) leaves the same landed set.
 * 2. A record that `touchesSharedEdge(record, window)` is landed by exactly one of the two windows that
 *    may return it (a primary key does this for free; a file-per-window sink needs an atomic claim).
 * 3. `commitWindow` makes a window's records visible atomically: readers never see half a window.
 *
 * Records are the core's parsed `SmsRecord`s: the API's own field names, unknown fields kept.
 */
import type { SmsFilters, SmsRecord, TimeWindow, WindowCursor } from '@zcc-sms/core';

/** What a sink is told about the window it writes (JSON-safe, no secrets). */
export interface SinkWindow {
  /** The workflow id of the backfill (stable for the same account, range, filters and sink). */
  readonly backfillId: string;
  /** The window written. */
  readonly window: TimeWindow;
  /** The backfill's List SMS filters. */
  readonly filters: SmsFilters;
}

/** What a sink returns when a window opens: its stored checkpoint, if any. */
export interface SinkOpenResult {
  /** The last checkpoint the sink stored for this window and backfill, when the window is not committed. */
  readonly checkpoint?: WindowCursor | undefined;
}

/** Where a backfill lands records: idempotent per page, with checkpoints, published per window. Implement it for your own store. */
export interface BackfillSink {
  /** Prepares the window (schema, directories) and returns its stored checkpoint, if any. */
  open(target: SinkWindow): Promise<SinkOpenResult>;
  /** Lands one page idempotently and stores `checkpoint` with it (same transaction where possible). */
  writePage(target: SinkWindow, records: readonly SmsRecord[], checkpoint: WindowCursor): Promise<void>;
  /** Publishes the window atomically; returns how many records it holds (owned by this window). */
  commitWindow(target: SinkWindow): Promise<{ records: number }>;
  /** Releases connections and handles. */
  close(): Promise<void>;
}

/**
 * JSON values only: sink specs travel in workflow input and history.
 *
 * @example
 * const spec: SinkSpec = { type: 's3', bucket: 'sms-archive', prefix: 'zoom/' }; // JsonValue options only
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Which sink a backfill writes to, as workflow input: never a secret. A PostgreSQL URL with a password
 * is worker configuration; the spec only names the connection.
 *
 * @example
 * const spec: SinkSpec = { type: 'ndjson', dir: './sms' };
 */
export interface SinkSpec {
  /** Sink type registered on the worker: `ndjson`, `postgres` or your own. */
  readonly type: string;
  /** Options of the sink type, JSON values only. */
  readonly [option: string]: JsonValue | undefined;
}

/**
 * `{ type: 'ndjson', dir }`: a `.ndjson` file per window in `dir` (on the worker's file system), which must
 * lie inside the worker's NDJSON root (`ZCC_NDJSON_ROOT`, default its working directory).
 *
 * @example
 * const sink: NdjsonSinkSpec = { type: 'ndjson', dir: './sms', dedupe: 'all' };
 */
export interface NdjsonSinkSpec extends SinkSpec {
  /** Selects the NDJSON sink. */
  readonly type: 'ndjson';
  /** Directory of the files, inside the worker's NDJSON root. */
  readonly dir: string;
  /** `all` also drops ids landed by earlier, overlapping runs (incremental syncs). Default `edges`. */
  readonly dedupe?: 'edges' | 'all';
}

/**
 * `{ type: 'postgres', table?, connection?, target? }`: the URL is the worker's `ZCC_PG_URL[_<NAME>]`.
 *
 * @example
 * const sink: PostgresSinkSpec = { type: 'postgres', table: 'zoom_sms', connection: 'archive' }; // ZCC_PG_URL_ARCHIVE
 */
export interface PostgresSinkSpec extends SinkSpec {
  /** Selects the PostgreSQL sink. */
  readonly type: 'postgres';
  /** Record table, `name` or `schema.name`. Default `zoom_sms`. */
  readonly table?: string;
  /** Named connection: the worker's `ZCC_PG_URL_<NAME>`; default `ZCC_PG_URL`. */
  readonly connection?: string;
  /**
   * Which database the backfill is for, `host:port/database` (no user, no password): a worker whose
   * connection points elsewhere refuses the task, and the workflow id includes it, so runs aimed at
   * different databases never share one.
   */
  readonly target?: string;
}

/**
 * `{ type: 's3', bucket, prefix?, format? }`: one object per window under `s3://bucket/prefix`, a manifest
 * per backfill. Endpoint, region and keys are the worker's (`AWS_*`, `ZCC_S3_*`), never in the spec.
 *
 * @example
 * const sink: ObjectSinkSpec = { type: 's3', bucket: 'sms-archive', prefix: 'zoom/sms/', format: 'parquet' };
 */
export interface ObjectSinkSpec extends SinkSpec {
  /** Selects the object-storage sink. */
  readonly type: 's3';
  /** Bucket name (the worker's keys must be allowed to put, get, delete and list in it). */
  readonly bucket: string;
  /** Key prefix, e.g. `zoom/sms/`; a missing trailing `/` is added. Default: the bucket's root. */
  readonly prefix?: string;
  /** `ndjson` (gzip, default) or `parquet`. One prefix holds one format. */
  readonly format?: 'ndjson' | 'parquet';
}

/**
 * Makes a sink from its spec; registered by `type` on the worker.
 *
 * @example
 * const sinks = createSinkRegistry({ factories: { s3: (spec) => createS3Sink(spec) } });
 */
export type SinkFactory = (spec: SinkSpec) => BackfillSink;

/**
 * A sink spec that cannot work (bad table name, unknown type): not retryable.
 *
 * @example
 * createSinkRegistry().get({ type: 'ftp' }); // throws SinkConfigError naming the known types
 */
export class SinkConfigError extends Error {
  /** The class name as a literal; also the failure type Temporal records (not retried). */
  override readonly name = 'SinkConfigError';
}
