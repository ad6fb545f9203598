/**
 * Signals and queries of the backfill workflow, defined once for the workflow and its clients.
 * Pure: imports only `@temporalio/workflow` (whose define* helpers run anywhere).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BackfillProgress } from '../types.ts';

/**
 * The backfill's progress (state, windows, records, requests, rate, ETA), answered from workflow state.
 *
 * @example
 * const progress = await client.workflow.getHandle(workflowId).query(progressQuery);
 */
export const progressQuery = defineQuery<BackfillProgress>('progress');
/**
 * Stops launching windows and cancels those in flight (they resume from their checkpoints).
 *
 * @example
 * await client.workflow.getHandle(workflowId).signal(pauseSignal);
 */
export const pauseSignal = defineSignal('pause');
/**
 * Starts windows again after a pause.
 *
 * @example
 * await client.workflow.getHandle(workflowId).signal(resumeSignal);
 */
export const resumeSignal = defineSignal('resume');
