/**
 * Packs the package exactly as it would be published (`pnpm pack` resolves `catalog:` and `workspace:`
 * versions) and extracts the tarball. Used by the scan, the end-to-end tests and the benchmark, so each
 * of them exercises the shipped artifact rather than the working tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(import.meta.dirname, '..');
export const PACKAGE_NAME = 'n8n-nodes-zoom-contact-center';

export interface PackedPackage {
  /** The .tgz file. */
  readonly tarball: string;
  /** The tarball's `package/` directory, extracted. */
  readonly dir: string;
  /** Deletes the tarball and the extracted copy. */
  remove(): void;
}

/** Packs dist/ (build it first) into `outDir` (default: a new temp directory) and extracts it. */
export function packPackage(
  outDir: string = mkdtempSync(path.join(tmpdir(), 'zcc-n8n-pack-')),
): PackedPackage {
  mkdirSync(outDir, { recursive: true });
  execFileSync('pnpm', ['pack', '--pack-destination', outDir], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const name = readdirSync(outDir).find((f) => f.startsWith(PACKAGE_NAME) && f.endsWith('.tgz'));
  if (!name) throw new Error(`pnpm pack left no ${PACKAGE_NAME}-*.tgz in ${outDir}`);
  const tarball = path.join(outDir, name);
  const extractTo = path.join(outDir, 'extracted');
  mkdirSync(extractTo, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', extractTo]);
  return {
    tarball,
    dir: path.join(extractTo, 'package'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
