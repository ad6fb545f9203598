/**
 * The patching policy of docs/deploys.md, enforced. Every history recorded from real runs — by each
 * released version (test/fixtures/histories/<version>/) and by the code since the last release
 * (histories/unreleased/): plain, continue-as-new, daily-quota timer, planned with sub-windows, a window
 * failed for good, and two recorded mid-run at a live upgrade (windows in flight after a pause and a
 * resume; a window already failed for good) — replays
 * against today's workflow code. A change that breaks determinism fails here, before it breaks running
 * backfills; the next-release fixtures show that it does (an unpatched step fails, the same step behind
 * a patch passes). Record new histories with ZCC_RECORD_HISTORIES=1; never re-record a released version's.
 */
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import * as patches from '../../src/workflows/patches.ts';
import { quietRuntime } from '../support/helpers.ts';
import {
  bundleNextRelease,
  historyReleases,
  type RecordedHistory,
  recordedHistories,
  releasedVersions,
  strayHistories,
  versionsInChangelog,
} from '../support/histories.ts';

describe('replay', async () => {
  quietRuntime();
  const recorded = await recordedHistories();
  const today = { workflowBundle: { codePath: inject('zccWorkflowBundle') } };

  it('holds the histories of every released version, and nothing outside histories/', async () => {
    // The versions come from the package's CHANGELOG.md, as Changesets writes it on each release.
    expect(versionsInChangelog('# @zcc-sms/temporal\n\n## 0.3.0\n\n### Minor Changes\n\n## 0.2.1\n')).toEqual(
      ['0.3.0', '0.2.1'],
    );
    const releases = await historyReleases();
    for (const version of await releasedVersions()) {
      expect(releases, `histories of released ${version}: see docs/deploys.md, "Releasing"`).toContain(
        version,
      );
    }
    expect(await strayHistories(), 'move these under test/fixtures/histories/unreleased/').toEqual([]);
    // Each scenario stays recorded by some version (a release moves unreleased/ under its version).
    expect(recorded.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'backfill-continue-as-new.json',
        'backfill-daily-quota.json',
        'backfill-failed-window.json',
        'backfill-mid-run-failed-window.json',
        'backfill-mid-run-upgrade.json',
        'backfill-ndjson.json',
        'backfill-planned.json',
      ]),
    );
  });

  it('records every patch of workflows/patches.ts in some history, so its new path replays too', () => {
    const seen = new Set(recorded.flatMap((r) => r.patches));
    const missing = Object.values(patches).filter((id) => !seen.has(id));
    expect(missing, 'record a history that takes these patches (ZCC_RECORD_HISTORIES=1)').toEqual([]);
  });

  for (const { release, name, history, workflowId } of recorded) {
    it(`replays ${release}/${name} deterministically`, async () => {
      await Worker.runReplayHistory(today, history, workflowId);
    });
  }

  describe('a next release', () => {
    // The next release changes `smsBackfill`: only its histories can tell a missing patch.
    const backfills = recorded.filter((r) => r.type === 'smsBackfill');
    let patched: WorkflowBundle;
    let unpatched: WorkflowBundle;
    let unpatchedFirstStep: WorkflowBundle;
    beforeAll(async () => {
      [patched, unpatched, unpatchedFirstStep] = await Promise.all([
        bundleNextRelease('patched'),
        bundleNextRelease('unpatched'),
        bundleNextRelease('unpatched-first-step'),
      ]);
    });
    const replayError = (workflowBundle: WorkflowBundle, { history, workflowId }: RecordedHistory) =>
      Worker.runReplayHistory({ workflowBundle }, history, workflowId).then(
        () => undefined,
        (e: unknown) => e,
      );

    it('that adds a step behind a patch replays every history', async () => {
      for (const { history, workflowId } of recorded) {
        await Worker.runReplayHistory({ workflowBundle: patched }, history, workflowId);
      }
    });

    it('that adds the same step without a patch fails on every completed backfill', async () => {
      const finished = backfills.filter((r) => r.end === 'COMPLETED');
      expect(finished.length).toBeGreaterThanOrEqual(4);
      for (const recording of finished) {
        const { release, name } = recording;
        const error = await replayError(unpatched, recording);
        expect(error, `${release}/${name}`).toBeInstanceOf(DeterminismViolationError);
      }
    });

    it('that adds a step before planning without a patch fails on every history, mid-run ones too', async () => {
      expect(backfills.some((r) => r.end === 'RUNNING')).toBe(true);
      for (const recording of backfills) {
        const { release, name } = recording;
        const error = await replayError(unpatchedFirstStep, recording);
        expect(error, `${release}/${name}`).toBeInstanceOf(DeterminismViolationError);
      }
    });
  });
});
