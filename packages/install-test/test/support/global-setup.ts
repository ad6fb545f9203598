/**
 * Once per run: pack every publishable package (built by turbo's `build` first) and install the tarballs
 * with plain npm into a fresh project outside the workspace. The tests then use that project as users do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServices } from '@zcc-sms/testkit';
import { installFreshProject } from '../../src/fresh-project.ts';
import { pack, publishableDirs, type Tarball } from '../../src/pack.ts';

interface Project {
  provide(key: string, value: unknown): void;
}

export default async function setup(project: Project): Promise<() => Promise<void>> {
  const packDir = await mkdtemp(join(tmpdir(), 'zcc-sms-tarballs-'));
  const tarballs: Tarball[] = [];
  for (const dir of await publishableDirs()) tarballs.push(await pack(dir, packDir));
  const [stopServices, fresh] = await Promise.all([
    setupServices(project, { temporal: true }),
    installFreshProject(tarballs),
  ]);
  // The release notes' figures: what each tarball weighs and how long a fresh install takes.
  for (const t of tarballs)
    console.log(`packed ${t.name}: ${(t.bytes / 1024).toFixed(1)} kB, ${t.files} files`);
  console.log(`npm install of the tarballs in a fresh project: ${(fresh.installMs / 1000).toFixed(1)} s`);
  project.provide('zccTarballs', tarballs);
  project.provide('zccUserProject', fresh.dir);
  return async () => {
    await stopServices();
    await rm(packDir, { recursive: true, force: true });
    await rm(fresh.dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    zccTemporalAddress: string;
    zccTarballs: Tarball[];
    zccUserProject: string;
  }
}
