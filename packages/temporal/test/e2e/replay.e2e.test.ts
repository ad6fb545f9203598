/**
 * Histories recorded from real runs (plain, continue-as-new, daily-quota timer — recorded before
 * planning existed, so they replay through the `plan-at-start` patch's old path — and a planned run with
 * sub-windows, and a run with a window failed for good behind the `failed-windows` patch) replay against
 * today's workflow code. A change that breaks determinism fails here, before it breaks running backfills.
 * Re-record deliberately with ZCC_RECORD_HISTORIES=1 (and a workflow patch for running executions).
 */
import { readdir, readFile } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { quietRuntime } from '../support/helpers.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url);

describe('replay', async () => {
  quietRuntime();
  const names = (await readdir(FIXTURES)).filter((n) => n.endsWith('.json')).sort();

  it('has recorded histories to replay', () => {
    expect(names).toEqual([
      'backfill-continue-as-new.json',
      'backfill-daily-quota.json',
      'backfill-failed-window.json',
      'backfill-ndjson.json',
      'backfill-planned.json',
    ]);
  });

  for (const name of names) {
    it(`replays ${name} deterministically`, async () => {
      const history = historyFromJSON(JSON.parse(await readFile(new URL(name, FIXTURES), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('zccWorkflowBundle') } }, history);
    });
  }
});
