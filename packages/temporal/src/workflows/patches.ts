/**
 * Patch ids of the backfill workflow, defined once for the shell that calls `patched` and the package's
 * exports. Remove one with `deprecatePatch` once no execution started before it can be running or replayed.
 */

/**
 * Planning at the start. Histories recorded before it (month windows, no planning activity) replay
 * without it; new executions record the marker and plan.
 */
export const PLAN_AT_START_PATCH = 'plan-at-start';

/**
 * Per-window failures: a window that fails for good is recorded and the others go on (the backfill fails
 * at the end, listing each window and its cause). Histories recorded before it stopped every window on
 * the first failure and replay that way.
 */
export const FAILED_WINDOWS_PATCH = 'failed-windows';

/**
 * A 10 s default heartbeat timeout (was 30 s): a SIGKILLed worker's windows resume elsewhere within
 * about 12 s (the timeout, the 1 s retry, a poll). Histories recorded before it keep 30 s.
 */
export const SHORT_HEARTBEAT_PATCH = 'short-heartbeat';

/**
 * A cancelled multi-account backfill ends cancelled (its children cancelled with it), not failed with every
 * account listed as failed. Histories recorded before it failed the parent on a cancel.
 */
export const MULTI_ACCOUNT_CANCEL_PATCH = 'multi-account-cancel';
