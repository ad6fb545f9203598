/**
 * Packs every publishable package of the workspace (each `package.json` without `private: true` under
 * packages/ and apps/) with `pnpm pack`, which applies `publishConfig` (dist exports and bins) and resolves
 * `catalog:` and `workspace:` versions: the tarballs are exactly what `npm publish` would upload.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runOk } from './run.ts';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../..');

export interface Tarball {
  readonly name: string;
  readonly dir: string;
  readonly path: string;
  readonly bytes: number;
  readonly files: number;
  /** The packed manifest has `exports` (something to import), unlike a CLI or an n8n node. */
  readonly importable: boolean;
}

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
}

export async function publishableDirs(root: string = WORKSPACE_ROOT): Promise<string[]> {
  const dirs: string[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of await readdir(join(root, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, group, entry.name);
      const manifest = await readManifest(dir);
      if (manifest !== undefined && manifest.private !== true) dirs.push(dir);
    }
  }
  return dirs.sort();
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

interface PackJson {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly unknown[];
}

/** Packs one package into `destination`; size and file count are for the release notes. */
export async function pack(dir: string, destination: string): Promise<Tarball> {
  const { stdout } = await runOk('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: dir,
    timeoutMs: 60_000,
  });
  const packed = JSON.parse(stdout) as PackJson;
  const path = resolve(destination, packed.filename);
  const manifest = await runOk('tar', ['-xOzf', path, 'package/package.json'], { cwd: destination });
  const { exports } = JSON.parse(manifest.stdout) as { exports?: unknown };
  return {
    name: packed.name,
    dir,
    path,
    bytes: (await stat(path)).size,
    files: packed.files.length,
    importable: exports !== undefined,
  };
}
