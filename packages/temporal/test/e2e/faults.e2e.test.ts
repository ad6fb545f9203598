/**
 * Access tokens that die every few requests, expired page tokens, 429 bursts, 5xx, HTML proxy
 * errors and connection resets, all at once — and continue-as-new forced every few events — still land
 * the exact set.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackfill } from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  FAST,
  type Harness,
  ndjsonIds,
  pgIds,
  RANGE,
  recordHistory,
  startHarness,
} from '../support/helpers.ts';

describe('everything fails at once', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({
      ...DEFAULT_SANDBOX,
      tokenMaxUses: 4,
      faults: {
        pageTokenExpired: { probability: 0.04 },
        rateLimitBurst: { probability: 0.03, length: 3 },
        internalError: { probability: 0.03 },
        badGateway: { probability: 0.02 },
        connectionReset: { probability: 0.02 },
        truncatedJson: { probability: 0.01 },
        unauthorized: { probability: 0.02 },
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('NDJSON: exact set, and the workflow continued as new along the way', async () => {
    const truth = h.sandbox.groundTruth(RANGE);
    const { handle, workflowId, runId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'ndjson', dir }, options: { ...FAST, pageSize: 25, maxHistoryEvents: 40 } },
      { taskQueue: h.taskQueue },
    );
    await handle.result();
    expectExactSet(await ndjsonIds(dir), truth);
    const stats = h.sandbox.stats();
    // The faults really happened.
    expect(stats.byStatus['401'] ?? 0).toBeGreaterThan(0);
    expect(stats.byStatus['500'] ?? 0).toBeGreaterThan(0);
    expect(stats.rateLimited.perSecond).toBeGreaterThan(0);
    const firstRun = await h.client.workflow.getHandle(workflowId, runId).fetchHistory();
    expect(firstRun.events?.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
    await recordHistory(handle, 'backfill-continue-as-new');
  });

  it('PostgreSQL: exact set', async () => {
    const truth = h.sandbox.groundTruth(RANGE);
    const table = 'sms_faults_test3';
    const { handle } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'postgres', table }, options: { ...FAST, pageSize: 25 } },
      { taskQueue: h.taskQueue },
    );
    await handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), truth);
  });
});
