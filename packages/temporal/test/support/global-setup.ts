/**
 * One Temporal dev server (the `temporal` binary from scripts/bootstrap), one PostgreSQL (Debian's) and one
 * workflow bundle for the whole test run. Missing binaries fail the run with the fix, never skip it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServices } from '@zcc-sms/testkit';
import { bundleBackfillWorkflows } from '../../src/index.ts';

interface Project {
  provide(key: string, value: unknown): void;
}

export default async function setup(project: Project): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'zcc-bundle-'));
  const [stopServices, bundle] = await Promise.all([
    setupServices(project, { temporal: true, postgres: true }),
    bundleBackfillWorkflows(),
  ]);
  const codePath = join(dir, 'workflow-bundle.js');
  await writeFile(codePath, bundle.code);
  project.provide('zccWorkflowBundle', codePath);
  return async () => {
    await stopServices();
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    zccTemporalAddress: string;
    zccPostgresUrl: string;
    zccWorkflowBundle: string;
  }
}
