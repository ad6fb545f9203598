/**
 * Object-storage sink (S3 API: AWS, MinIO, R2, GCS interop): one object per window, made visible
 * atomically by a single PutObject, and a manifest per backfill.
 *
 * Layout under `s3://<bucket>/<prefix>`:
 *   <windowId>.ndjson.gz | <windowId>.parquet     published window objects (object-format.ts)
 *   _zcc-sms/meta.json                            the filters and format this prefix holds (a backfill with
 *                                                 others is refused instead of mixing them)
 *   _zcc-sms/staging/<windowId>/<page>-<h>.part   pages landed but not yet published: gzip NDJSON whose
 *                                                 first line is the checkpoint after that page (one object,
 *                                                 so a page and its checkpoint exist together or not at all)
 *   _zcc-sms/claims/<sha256(id)>                  owner window of an edge record (created If-None-Match: *)
 *   _zcc-sms/manifests/<backfillId>.json          the backfill's manifest (object-manifest.ts)
 * Keys under `_zcc-sms/` start with `_`, which Hive-style readers (Athena, Spark) skip, and never end in
 * a window object's suffix, so `read_parquet('s3://bucket/prefix/*.parquet')` sees published windows only.
 *
 * `commitWindow` merges the published object (if any) with every staged page, drops repeated engagement
 * ids and ids an overlapping window object already holds (window-overlap.ts), and writes the result once:
 * `If-None-Match: *` when there was no object, `If-Match: <etag>` when there was. A concurrent commit
 * (a zombie attempt) makes the write fail with 412 and the merge start over from what is now published,
 * so a re-commit only ever adds records and never loses one. Staged pages are deleted only after the
 * object holding them is written; a crash in between leaves pages the next commit finds already merged.
 */
import { createHash } from 'node:crypto';
import { type SmsRecord, touchesSharedEdge, type WindowCursor } from '@zcc-sms/core';
import { stableJson } from '../stable-json.ts';
import { claimName } from './edge-claims.ts';
import {
  decodeNdjsonGzip,
  decodeWindow,
  encodeNdjsonGzip,
  encodeWindow,
  type ObjectFormat,
  parseWindowObjectName,
  windowObjectName,
} from './object-format.ts';
import { manifestKey, recordInManifest, windowEntry } from './object-manifest.ts';
import { type ObjectStore, ObjectStoreError } from './object-store.ts';
import { type BackfillSink, SinkConfigError, type SinkWindow } from './sink.ts';
import { windowsOverlap } from './window-overlap.ts';

/** Options of `createObjectSink`: the store, the key prefix and the format of window objects. */
export interface ObjectSinkOptions {
  readonly store: ObjectStore;
  /** Key prefix of every object (`''` for the bucket's root, else ending in `/`). */
  readonly prefix: string;
  readonly format: ObjectFormat;
}

/** Merges lost to concurrent commits of the same window before giving up (the activity then retries). */
const MAX_COMMIT_ATTEMPTS = 10;

export function createObjectSink(options: ObjectSinkOptions): BackfillSink {
  const { store, prefix, format } = options;
  const state = `${prefix}_zcc-sms/`;
  const stagingOf = (windowId: string) => `${state}staging/${windowId}/`;
  const where = `s3://${store.bucket}/${prefix}`;
  // Checked once per filter set: the registry shares one sink per spec between backfills.
  const metaChecked = new Map<string, Promise<void>>();

  async function checkMeta(target: SinkWindow): Promise<void> {
    const meta = `{"filters":${stableJson(target.filters)},"format":${JSON.stringify(format)}}\n`;
    const key = `${state}meta.json`;
    if (await store.putIfAbsent(key, Buffer.from(meta))) return;
    const existing = await store.get(key);
    if (existing && existing.body.toString('utf8') !== meta) {
      throw new SinkConfigError(
        `sink.prefix: ${where} already holds a backfill with other filters or format ` +
          `(${existing.body.toString('utf8').trim()}); use one prefix per filter set and format`,
      );
    }
  }

  async function claimOwner(engagementId: string, windowId: string): Promise<string> {
    const key = `${state}claims/${claimName(engagementId)}`;
    if (await store.putIfAbsent(key, Buffer.from(windowId))) return windowId;
    const owner = await store.get(key);
    if (!owner) throw new ObjectStoreError(`object store: the claim ${key} vanished; the page is retried`);
    return owner.body.toString('utf8');
  }

  async function stagedPages(windowId: string): Promise<string[]> {
    return (await store.list(stagingOf(windowId))).filter((k) => /\/\d+-[0-9a-f]+\.part$/.test(k));
  }

  /** Ids held by published objects of other windows overlapping `windowId` (another run's split). */
  async function idsOfOverlapping(windowId: string): Promise<Set<string>> {
    const seen = new Set<string>();
    for (const key of await store.list(prefix, { topLevel: true })) {
      const other = parseWindowObjectName(key.slice(prefix.length), format);
      if (other === undefined || other === windowId || !windowsOverlap(other, windowId)) continue;
      const object = await store.get(key);
      if (object) for (const r of await decodeWindow(object.body, format)) seen.add(r.engagement_id);
    }
    return seen;
  }

  return {
    async open(target) {
      const filters = stableJson(target.filters);
      let checked = metaChecked.get(filters);
      if (!checked) {
        checked = checkMeta(target);
        metaChecked.set(filters, checked);
        checked.catch(() => metaChecked.delete(filters));
      }
      await checked;
      // Page numbers only grow within a window's pass: the highest-numbered page has the latest checkpoint.
      const last = (await stagedPages(target.window.id)).at(-1);
      const page = last === undefined ? undefined : await store.get(last);
      if (!page) return {};
      const header = JSON.parse(decodeNdjsonGzip(page.body)[0]!) as {
        backfillId: string;
        cursor: WindowCursor;
      };
      return header.backfillId === target.backfillId ? { checkpoint: header.cursor } : {};
    },

    async writePage(target, records, checkpoint) {
      const windowId = target.window.id;
      const owned: SmsRecord[] = [];
      for (const record of records) {
        // The neighbour across the edge owns it: drop it. An overlapping owner is another run's window
        // that may never have published it: keep it, and the commit drops it if that object holds it.
        if (
          !touchesSharedEdge(record, target.window) ||
          windowsOverlap(await claimOwner(record.engagement_id, windowId), windowId)
        ) {
          owned.push(record);
        }
      }
      const lines = [
        JSON.stringify({ backfillId: target.backfillId, cursor: checkpoint }),
        ...owned.map((r) => JSON.stringify(r)),
      ];
      // Same page content → same key (an idempotent overwrite); different content never collides.
      const hash = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12);
      const key = `${stagingOf(windowId)}${String(checkpoint.pages).padStart(9, '0')}-${hash}.part`;
      await store.put(key, encodeNdjsonGzip(lines));
    },

    async commitWindow(target) {
      const windowId = target.window.id;
      const key = `${prefix}${windowObjectName(windowId, format)}`;
      for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
        const published = await store.get(key);
        const pages = await stagedPages(windowId);
        const records = published ? await decodeWindow(published.body, format) : [];
        const seen = await idsOfOverlapping(windowId);
        for (const r of records) seen.add(r.engagement_id);
        const before = records.length;
        let raced = false;
        for (const pageKey of pages) {
          const page = await store.get(pageKey);
          // Deleted by a concurrent commit after it published the page's records, perhaps in an object
          // newer than the one read above: merge again from what is published now.
          if (!page) {
            raced = true;
            break;
          }
          for (const line of decodeNdjsonGzip(page.body).slice(1)) {
            const record = JSON.parse(line) as SmsRecord;
            if (seen.has(record.engagement_id)) continue;
            seen.add(record.engagement_id);
            records.push(record);
          }
        }
        if (raced) continue;
        let body: Uint8Array;
        if (published && records.length === before) {
          body = published.body;
        } else {
          body = await encodeWindow(records, format);
          const written = published
            ? await store.putIfMatch(key, body, published.etag)
            : await store.putIfAbsent(key, body);
          if (!written) continue;
        }
        await Promise.all(pages.map((k) => store.delete(k)));
        await recordInManifest(
          store,
          manifestKey(state, target.backfillId),
          { version: 1, backfillId: target.backfillId, format, filters: target.filters },
          windowId,
          windowEntry(key, body, records.length),
        );
        return { records: records.length };
      }
      throw new ObjectStoreError(
        `object store: s3://${store.bucket}/${key} changed ${MAX_COMMIT_ATTEMPTS} times while this window committed; the commit is retried`,
      );
    },

    async close() {
      store.close();
    },
  };
}
