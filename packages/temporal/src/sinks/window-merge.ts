/**
 * The NDJSON sink's commit merge: the published window file and the window's page parts into one synced
 * temp file, each engagement id once.
 *
 * Parts carry their records' ids in their header (part-file.ts), so their record bytes are copied through
 * without being decoded or parsed. The published file, overlapping windows' files and parts written by an
 * earlier worker version have no such list: their lines are parsed for their ids, as before.
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onFile } from './file-error.ts';
import { type PartLine, partLines } from './part-file.ts';
import { readLines } from './read-lines.ts';
import { overlappingFiles } from './window-overlap.ts';

/** A file to merge: a published window file (records only) or a page part (a header line first). */
export interface MergeSource {
  readonly path: string;
  readonly header: boolean;
}

/** One write per ~256 KB instead of one per record. */
const BATCH_BYTES = 262_144;

/** The ids held by the published files of other windows overlapping `windowId` (window-overlap.ts). */
export async function idsOfOverlapping(dir: string, windowId: string): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const name of await overlappingFiles(dir, windowId)) {
    for await (const line of readLines(join(dir, name))) seen.add(engagementId(line));
  }
  return seen;
}

/** Writes every source's records to `temp` (synced), dropping ids in `seen`; returns how many it wrote. */
export async function mergeInto(
  temp: string,
  sources: readonly MergeSource[],
  seen: Set<string>,
): Promise<number> {
  let written = 0;
  const out = await onFile('create', temp, () => open(temp, 'w'));
  let batch: Buffer[] = [];
  let batched = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const bytes = Buffer.concat(batch, batched);
    batch = [];
    batched = 0;
    // A write may take only part of a large buffer (a nearly full disk takes what fits): go on until
    // every byte is written or the disk says ENOSPC, never publish a file cut short.
    for (let at = 0; at < bytes.length; ) {
      const { bytesWritten } = await onFile('write', temp, () => out.write(bytes, at));
      at += bytesWritten;
    }
  };
  const add = (id: string, bytes: Buffer) => {
    if (seen.has(id)) return;
    seen.add(id);
    written += 1;
    batch.push(bytes);
    batched += bytes.length;
  };
  try {
    for (const source of sources) {
      const lines = source.header ? await linesOfPart(source.path) : undefined;
      if (lines !== undefined) {
        for (const line of lines) add(line.id, line.bytes);
        if (batched >= BATCH_BYTES) await flush();
        continue;
      }
      let skipHeader = source.header;
      for await (const line of readLines(source.path)) {
        if (skipHeader) {
          skipHeader = false;
          continue;
        }
        add(engagementId(line), Buffer.from(`${line}\n`));
        if (batched >= BATCH_BYTES) await flush();
      }
    }
    await flush();
    await onFile('write', temp, () => out.sync());
  } finally {
    await out.close().catch(() => undefined);
  }
  return written;
}

/**
 * A part's record lines with their ids, or undefined when it has no id list (read it line by line). A
 * part already gone has no lines, as `readLines` has none for it: parts are removed only after the
 * commit that published them.
 */
async function linesOfPart(path: string): Promise<PartLine[] | undefined> {
  const content = await onFile('read', path, () =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }),
  );
  return content === undefined ? [] : partLines(path, content);
}

function engagementId(line: string): string {
  return (JSON.parse(line) as { engagement_id: string }).engagement_id;
}
