/**
 * Signals and queries of the backfill workflow, defined once for the workflow and its clients.
 * Pure: imports only `@temporalio/workflow` (whose define* helpers run anywhere).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BackfillProgress } from '../types.ts';

export const progressQuery = defineQuery<BackfillProgress>('progress');
/** Stops launching windows and cancels those in flight (they resume from their checkpoints). */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
