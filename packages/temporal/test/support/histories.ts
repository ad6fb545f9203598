/**
 * The recorded workflow histories the replay tests check today's code against, and the next-release
 * workflow modules that stand in for a change to the workflow. Layout (docs/deploys.md):
 * `test/fixtures/histories/<version>/` holds the histories recorded by released version `<version>`, frozen
 * once released; `test/fixtures/histories/unreleased/` holds those recorded by the code since the last
 * release, renamed to the new version by the release pull request.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

type History = ReturnType<typeof historyFromJSON>;

const FIXTURES = new URL('../fixtures/', import.meta.url);
const HISTORIES = new URL('histories/', FIXTURES);
/** Written by Changesets when a version is released: one `## <version>` heading per release. */
const CHANGELOG = new URL('../../CHANGELOG.md', import.meta.url);

export interface RecordedHistory {
  /** The released version that recorded it, or `unreleased`. */
  readonly release: string;
  readonly name: string;
  readonly history: History;
  /**
   * The workflow id it ran under, when recorded with it: replays must use it when the workflow derives
   * ids from its own (a multi-account backfill's child ids). Older files replay under the SDK's default.
   */
  readonly workflowId?: string | undefined;
  /** How the run had ended when it was recorded (`COMPLETED`, `FAILED`, …), or `RUNNING` if mid-run. */
  readonly end: string;
  /** The patch ids it recorded (`core_patch` markers), in order. */
  readonly patches: readonly string[];
  /** The workflow type (`smsBackfill`, `smsMultiAccountBackfill`). */
  readonly type: string;
}

/** Every recorded history, by release then name. */
export async function recordedHistories(): Promise<RecordedHistory[]> {
  const recorded: RecordedHistory[] = [];
  for (const release of await historyReleases()) {
    const dir = new URL(`${release}/`, HISTORIES);
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
      const { workflowId, ...json } = JSON.parse(await readFile(new URL(name, dir), 'utf8')) as {
        workflowId?: string;
        events: JsonEvent[];
      };
      recorded.push({
        release,
        name,
        workflowId,
        history: historyFromJSON(json),
        end: CLOSED.exec(json.events.at(-1)?.eventType ?? '')?.[1] ?? 'RUNNING',
        patches: json.events.flatMap(patchOf),
        type: json.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '',
      });
    }
  }
  return recorded;
}

/** The patch ids of a history fetched from the server (`handle.fetchHistory()`), in order. */
export function recordedPatchesOf(history: History): string[] {
  return (JSON.parse(historyToJSON(history)) as { events: JsonEvent[] }).events.flatMap(patchOf);
}

interface JsonEvent {
  eventType: string;
  workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } };
  markerRecordedEventAttributes?: {
    markerName: string;
    details?: Record<string, { payloads: Array<{ data: string }> }>;
  };
}

const CLOSED =
  /^EVENT_TYPE_WORKFLOW_EXECUTION_(COMPLETED|FAILED|CANCELED|TERMINATED|CONTINUED_AS_NEW|TIMED_OUT)$/;

/** The SDK records `patched(id)` as a `core_patch` marker whose `patch-data` holds `{ id, deprecated }`. */
function patchOf(event: JsonEvent): string[] {
  const marker = event.markerRecordedEventAttributes;
  const data =
    marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads[0]?.data : undefined;
  if (data === undefined) return [];
  return [(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: string }).id];
}

/** Release directories under histories/ (`unreleased` included). */
export async function historyReleases(): Promise<string[]> {
  return (await readdir(HISTORIES)).sort();
}

/** JSON files left directly in test/fixtures/ (the layout before histories/): they would never replay. */
export async function strayHistories(): Promise<string[]> {
  return (await readdir(FIXTURES)).filter((n) => n.endsWith('.json'));
}

/** The versions of this package released so far, from its CHANGELOG.md (none before the first release). */
export async function releasedVersions(): Promise<string[]> {
  return existsSync(CHANGELOG) ? versionsInChangelog(await readFile(CHANGELOG, 'utf8')) : [];
}

/** The `## <version>` headings Changesets writes, one per release, newest first. */
export function versionsInChangelog(text: string): string[] {
  return [...text.matchAll(/^## (\d+\.\d+\.\d+\S*)\s*$/gm)].map((m) => m[1]!);
}

/**
 * Bundles a next-release variant of the workflow (test/fixtures/next-release/): `patched` adds a final
 * step the way docs/deploys.md says, `unpatched` adds the same step without the patch,
 * `unpatched-first-step` adds an unpatched step before planning.
 */
export async function bundleNextRelease(
  variant: 'patched' | 'unpatched' | 'unpatched-first-step',
): Promise<WorkflowBundle> {
  return await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL(`next-release/${variant}.ts`, FIXTURES)),
    failureConverterPath: fileURLToPath(new URL('../../src/failure-converter.ts', import.meta.url)),
    logger: silentBundler,
  });
}

const silentBundler = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
