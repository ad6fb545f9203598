/**
 * Checks on what workflow input may ask of a worker's file system and databases. Anyone who can start a
 * workflow on the namespace writes that input (continue-as-new input included), so the worker — not the
 * starter — decides where files go and which database is written:
 *
 * - window ids become file names: they must match the grammar the core produces
 *   (`@zcc-sms/core/windows` `makeWindow`: `20260101T000000Z-20260201T000000Z`), so `../` cannot escape;
 * - an NDJSON `dir` must lie inside the worker's NDJSON root (`ZCC_NDJSON_ROOT`);
 * - a PostgreSQL spec may name its target (`host:port/database`, never a password); a worker whose
 *   connection points elsewhere refuses the task instead of writing to its own database.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isWindowId, ZoomInputError } from '@zcc-sms/core';
import { postgresTargetId } from './postgres-target.ts';
import { SinkConfigError } from './sink.ts';

/** Refuses a window id the core could not have produced (non-retryable: the input is wrong). */
export function checkWindowId(id: unknown): void {
  if (isWindowId(id)) return;
  throw new ZoomInputError(
    'window.id',
    id,
    'is not a window id',
    'window ids are made by the core from the range (e.g. 20260101T000000Z-20260201T000000Z); start the backfill with startBackfill instead of hand-written input',
  );
}

/** The absolute directory for an NDJSON spec's `dir`, which must lie inside `root`. */
export function confinedDir(dir: string, root: string): string {
  const base = resolve(root);
  const target = resolve(base, dir);
  const rel = relative(base, target);
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return target;
  throw new SinkConfigError(
    `sink.dir: ${JSON.stringify(dir)} is outside this worker's NDJSON root ${base}; write below it, or start ` +
      'the worker with ZCC_NDJSON_ROOT set to a directory that holds it',
  );
}

/** Refuses a task aimed at another database than the worker's connection `name` serves. */
export function checkPostgresTarget(wanted: unknown, connectionString: string, name: string): void {
  if (wanted === undefined) return;
  const served = postgresTargetId(connectionString);
  if (wanted === served) return;
  throw new SinkConfigError(
    `sink.target: this backfill writes to ${JSON.stringify(wanted)}, but this worker's PostgreSQL connection ` +
      `"${name}" is ${served}; run a worker whose ZCC_PG_URL points there (or name the connection with ` +
      'postgres:NAME and ZCC_PG_URL_<NAME>)',
  );
}
