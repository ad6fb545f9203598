/**
 * NDJSON directory sink (the default): one `<windowId>.ndjson` file per window, one record per line with
 * the API's own field names.
 *
 * Layout under `dir`:
 *   <windowId>.ndjson                      published window files (atomic rename, never half written)
 *   .zcc-sms/meta.json                     the filters this directory holds (a second backfill with other
 *                                          filters is refused instead of mixing records)
 *   .zcc-sms/parts/<windowId>/<page>-<h>.part     pages landed but not yet published: first line the
 *                                          checkpoint after that page and the records' ids, then the
 *                                          records (part-file.ts; one atomic file, so a page and its
 *                                          checkpoint exist together or not at all)
 *   .zcc-sms/claims/<sha256(id)>           owner window of an edge record (see edge-claims.ts)
 *
 * `commitWindow` merges the published file (if any) with every part (window-merge.ts), drops repeated
 * engagement ids, publishes the result atomically and deletes the parts it read. Merging with the
 * published file makes a re-run (or a late zombie attempt) only ever add records, never lose any. Ids held by a published file
 * of an overlapping window (an earlier run split differently, an overlapping incremental sync) are
 * dropped too (window-overlap.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type SmsRecord, touchesSharedEdge } from '@zcc-sms/core';
import { stableJson } from '../stable-json.ts';
import { createFileExclusive, syncDir, writeFileAtomic } from './atomic-file.ts';
import { acquireCommitLock } from './commit-lock.ts';
import { createEdgeClaims } from './edge-claims.ts';
import { onFile } from './file-error.ts';
import { windowFileName } from './ndjson-files.ts';
import { encodePart, parsePartHeader, partHeaderLine } from './part-file.ts';
import { type BackfillSink, SinkConfigError, type SinkWindow } from './sink.ts';
import { idsOfOverlapping, mergeInto } from './window-merge.ts';
import { windowsOverlap } from './window-overlap.ts';

/** Options of `createNdjsonSink`: the directory and how far duplicates are dropped. */
export interface NdjsonSinkOptions {
  /** Directory of the window files (created when missing). */
  readonly dir: string;
  /**
   * `edges` (default): claim only records on a shared window edge. `all`: claim every record, so windows
   * of different runs that overlap (incremental syncs with a look-back) never land an id twice.
   */
  readonly dedupe?: 'edges' | 'all' | undefined;
  /**
   * A commit lock not refreshed for this long is taken over (its holder died); a live holder refreshes it
   * every quarter of this (commit-lock.ts). Default 120 s.
   */
  readonly staleLockMs?: number | undefined;
}

/**
 * A sink writing one `.ndjson` file per window, published atomically when the window commits.
 *
 * @example
 * const sink = createNdjsonSink({ dir: './sms' });
 * // a worker registers it: createSinkRegistry() does so for `{ type: 'ndjson', dir }` specs
 */
export function createNdjsonSink(options: NdjsonSinkOptions): BackfillSink {
  const dir = resolve(options.dir);
  const state = join(dir, '.zcc-sms');
  const claims = createEdgeClaims(join(state, 'claims'));
  const partsOf = (windowId: string) => join(state, 'parts', windowId);
  const staleLockMs = options.staleLockMs ?? 120_000;

  // meta.json never changes once written: one check per filter set and sink instance, not one per window
  // opened (each was a synced temp file, a link and a removal). A failed check is not remembered.
  const metaChecked = new Map<string, Promise<void>>();
  function checkMeta(target: SinkWindow): Promise<void> {
    const filters = stableJson(target.filters);
    let check = metaChecked.get(filters);
    if (check === undefined) {
      check = checkMetaFile(filters);
      metaChecked.set(filters, check);
      check.catch(() => metaChecked.delete(filters));
    }
    return check;
  }

  async function checkMetaFile(filters: string): Promise<void> {
    const path = join(state, 'meta.json');
    if (await createFileExclusive(path, `{"filters":${filters}}\n`)) return;
    const existing = JSON.parse(await readFile(path, 'utf8')) as { filters?: unknown };
    if (stableJson(existing.filters ?? {}) !== filters) {
      throw new SinkConfigError(
        `sink.dir: ${JSON.stringify(options.dir)} already holds records for other filters ` +
          `(${JSON.stringify(existing.filters)}); use one directory per filter set`,
      );
    }
  }

  return {
    async open(target) {
      const parts = partsOf(target.window.id);
      await onFile('create', parts, () => mkdir(parts, { recursive: true }));
      await checkMeta(target);
      // Page numbers only grow within a window's pass (the core keeps counting across restarts), so the
      // highest-numbered intact part holds the latest checkpoint.
      const header = await intactPrefix(parts);
      if (header === undefined) return {};
      const parsed = parsePartHeader(header);
      return parsed.backfillId === target.backfillId ? { checkpoint: parsed.cursor } : {};
    },

    async writePage(target, records, checkpoint) {
      const windowId = target.window.id;
      const owned: SmsRecord[] = [];
      for (const record of records) {
        const mustClaim = options.dedupe === 'all' || touchesSharedEdge(record, target.window);
        // The neighbour on the other side of the edge (this run's or an earlier one's) owns it: drop it.
        // An overlapping owner belongs to another run and may never have published it: keep it here,
        // and the commit drops it if that window's published file holds it.
        if (!mustClaim || windowsOverlap(await claims.claim(record.engagement_id, windowId), windowId)) {
          owned.push(record);
        }
      }
      const parts = partsOf(windowId);
      const content = encodePart(target.backfillId, checkpoint, owned);
      // Same page content → same name (an idempotent overwrite); different content never collides.
      const hash = partHash(content);
      // No fsync per page (it was most of a worker's CPU per record): a process crash loses nothing (the
      // page cache outlives it), and after a power loss `open` keeps only the intact prefix of the parts
      // (journaled file systems commit renames in order; a part whose data never reached the disk fails
      // the hash in its name), so the window resumes from the last page that is really there. The commit
      // fsyncs the merged window file before the parts are deleted.
      await writeFileAtomic(
        join(parts, `${String(checkpoint.pages).padStart(9, '0')}-${hash}.part`),
        content,
        {
          sync: false,
          syncDirectory: false,
        },
      );
    },

    async commitWindow(target) {
      const windowId = target.window.id;
      const parts = partsOf(windowId);
      const lock = await acquireCommitLock(`${parts}.lock`, { staleMs: staleLockMs });
      try {
        // Holding the lock, any temp file of this window (a merge, a page) is a dead attempt's leftover.
        await removeTemps(state, `${windowId}${TEMP_INFIX}`);
        await removeTemps(parts, '');
        const names = await partNames(parts);
        const finalPath = join(dir, windowFileName(windowId));
        const sources = [
          { path: finalPath, header: false },
          ...names.map((n) => ({ path: join(parts, n), header: true })),
        ];
        // The temp file lives in the state dir so `*.ndjson` never matches an unfinished file.
        const temp = join(state, `${windowId}${TEMP_INFIX}${process.pid}-${Date.now()}`);
        let written: number;
        try {
          written = await mergeInto(temp, sources, await idsOfOverlapping(dir, windowId));
          await lock.assertHeld();
          await onFile('publish', finalPath, () => rename(temp, finalPath));
        } catch (error) {
          // A full disk must not stay full of our own half-written merges.
          await rm(temp, { force: true });
          throw error;
        }
        await syncDir(dir);
        await Promise.all(names.map((n) => rm(join(parts, n), { force: true })));
        return { records: written };
      } finally {
        await lock.release();
      }
    },

    async close() {},
  };
}

/** The part's name carries this hash of its content: a part the power loss emptied or cut fails it. */
function partHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/**
 * The header (first line) of the last part of the intact prefix; parts from the first damaged one on are
 * removed (their pages are fetched again). Undefined when no part is intact.
 */
async function intactPrefix(parts: string): Promise<string | undefined> {
  const names = await partNames(parts);
  let header: string | undefined;
  for (const [i, name] of names.entries()) {
    const content = await readFile(join(parts, name), 'utf8').catch(() => undefined);
    if (content === undefined || partHash(content) !== /-([0-9a-f]+)\.part$/.exec(name)?.[1]) {
      await Promise.all(names.slice(i).map((n) => rm(join(parts, n), { force: true })));
      break;
    }
    header = partHeaderLine(content);
  }
  return header;
}

async function partNames(parts: string): Promise<string[]> {
  const names = (await readdir(parts).catch(() => [] as string[])).filter((n) =>
    /^\d+-[0-9a-f]+\.part$/.test(n),
  );
  return names.sort();
}

const TEMP_INFIX = '.ndjson.tmp-';

/** Removes the temp files (`*.tmp-*`, atomic-file.ts and the merge) in `dir` whose name starts with `prefix`. */
async function removeTemps(dir: string, prefix: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix) && n.includes('.tmp-'))
      .map((n) => rm(join(dir, n), { force: true })),
  );
}
