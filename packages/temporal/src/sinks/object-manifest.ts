/**
 * A backfill's manifest in the object store: `<prefix>_zcc-sms/manifests/<backfill id>.json`, one entry
 * per committed window — its object key, record count, byte size and SHA-256 — so a reader can list a
 * backfill's objects and verify them without listing the bucket. Each window commit adds its entry with a
 * conditional replace (`If-Match` on the ETag read, `If-None-Match: *` for the first), so two windows
 * committing at once never drop each other's entry; a lost race reads again, a bounded number of times.
 *
 * The manifest describes what this backfill committed: a later backfill that adds records to the same
 * window object (an overlapping re-run) updates its own manifest, not this one.
 */
import { createHash } from 'node:crypto';
import type { SmsFilters } from '@zcc-sms/core';
import type { ObjectFormat } from './object-format.ts';
import { type ObjectStore, ObjectStoreError } from './object-store.ts';

/** One committed window in a manifest. */
export interface ManifestWindow {
  /** The object's key in the bucket. */
  readonly key: string;
  readonly records: number;
  readonly bytes: number;
  /** Hex SHA-256 of the object's bytes. */
  readonly sha256: string;
}

/** The manifest document (JSON). */
export interface Manifest {
  readonly version: 1;
  readonly backfillId: string;
  readonly format: ObjectFormat;
  readonly filters: SmsFilters;
  /** By window id, sorted. */
  readonly windows: Readonly<Record<string, ManifestWindow>>;
}

/** Conditional replaces lost to other windows' commits before giving up (the activity then retries). */
const MAX_ATTEMPTS = 50;

export function manifestKey(statePrefix: string, backfillId: string): string {
  return `${statePrefix}manifests/${encodeURIComponent(backfillId)}.json`;
}

export function windowEntry(key: string, body: Uint8Array, records: number): ManifestWindow {
  const sha256 = createHash('sha256').update(body).digest('hex');
  return { key, records, bytes: body.byteLength, sha256 };
}

/** Adds (or replaces) `windowId`'s entry in the backfill's manifest. */
export async function recordInManifest(
  store: ObjectStore,
  key: string,
  base: Omit<Manifest, 'windows'>,
  windowId: string,
  entry: ManifestWindow,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await store.get(key);
    const windows: Record<string, ManifestWindow> = current
      ? { ...(JSON.parse(current.body.toString('utf8')) as Manifest).windows }
      : {};
    const previous = windows[windowId];
    if (previous && JSON.stringify(previous) === JSON.stringify(entry)) return;
    windows[windowId] = entry;
    const sorted = Object.fromEntries(Object.entries(windows).sort(([a], [b]) => (a < b ? -1 : 1)));
    const manifest: Manifest = { ...base, windows: sorted };
    const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    const written = current
      ? await store.putIfMatch(key, body, current.etag)
      : await store.putIfAbsent(key, body);
    if (written) return;
  }
  throw new ObjectStoreError(
    `object store: the manifest s3://${store.bucket}/${key} changed ${MAX_ATTEMPTS} times while this window committed; the commit is retried`,
  );
}
