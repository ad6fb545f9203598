/**
 * `@zcc-sms/temporal/names`: the names and formats programs around a backfill rely on — failure types,
 * the default task queue, the NDJSON sink's file names — without loading the Temporal SDK (the CLI reads
 * them on every start).
 */
export type { WindowFile } from './sinks/ndjson-files.ts';
export { parseWindowFileName, windowFileName } from './sinks/ndjson-files.ts';
export { DEFAULT_TASK_QUEUE, FAILURE_TYPES } from './types.ts';
