/**
 * Windows that fail for good, as the workflow records and reports them. Pure workflow code: a window's
 * own failure (a 400 for its range, a write the sink refuses, a transient failure past the retry cap) is
 * kept with its cause while the others land; a backfill-wide one (credentials, sink configuration, …)
 * is not a window's, and stops them all.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { BACKFILL_WIDE_FAILURES, FAILURE_TYPES, type WindowFailure } from '../types.ts';

/** The failure of a window that is final for it alone; undefined when it stops the whole backfill. */
export function windowFailure(windowId: string, error: unknown): WindowFailure | undefined {
  const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
  const type = cause instanceof ApplicationFailure ? (cause.type ?? 'Error') : (cause as Error).name;
  if (BACKFILL_WIDE_FAILURES.includes(type)) return undefined;
  return { windowId, type, message: (cause as Error).message };
}

/** Lists each failed window and its cause; details[0] carries them all for programs. */
export function failedWindowsFailure(failures: readonly WindowFailure[], total: number): ApplicationFailure {
  const shown = failures.slice(0, 5).map((f) => `${f.windowId}: ${f.type}: ${f.message}`);
  const more = failures.length > shown.length ? `; and ${failures.length - shown.length} more` : '';
  return ApplicationFailure.create({
    type: FAILURE_TYPES.failedWindows,
    message:
      `${failures.length} of ${total} windows failed (the other ${total - failures.length} landed); fix the ` +
      `cause and run the same backfill again to finish them. ${shown.join('; ')}${more}`,
    nonRetryable: true,
    details: [failures],
  });
}
