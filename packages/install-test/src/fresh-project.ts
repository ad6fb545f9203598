/**
 * A user's fresh project outside the workspace (under the OS temp dir, so no workspace `node_modules` or
 * pnpm settings can help): the tarballs installed with plain npm, plus TypeScript and Node's types at the
 * versions the workspace uses, as a TypeScript user would add them.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tarball } from './pack.ts';
import { WORKSPACE_ROOT } from './pack.ts';
import { runOk } from './run.ts';

export interface FreshProject {
  readonly dir: string;
  readonly installMs: number;
}

/** Versions from the workspace catalog, so the consumer type-checks with what the packages are built with. */
async function catalogVersion(name: string): Promise<string> {
  const yaml = await readFile(join(WORKSPACE_ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const line = yaml.split('\n').find((l) => l.trim().replace(/"/g, '').startsWith(`${name}:`));
  const version = line?.split(':')[1]?.trim();
  if (!version) throw new Error(`pnpm-workspace.yaml has no catalog entry for ${name}`);
  return version;
}

export async function installFreshProject(tarballs: readonly Tarball[]): Promise<FreshProject> {
  const dir = await mkdtemp(join(tmpdir(), 'zcc-sms-install-'));
  const local = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.path}`]));
  const manifest = {
    name: 'zcc-sms-user-project',
    private: true,
    type: 'module',
    dependencies: {
      ...local,
      '@temporalio/worker': await catalogVersion('@temporalio/worker'),
      '@temporalio/client': await catalogVersion('@temporalio/client'),
      typescript: await catalogVersion('typescript'),
      '@types/node': await catalogVersion('@types/node'),
    },
    // Our packages depend on each other by version (e.g. @zcc-sms/temporal on @zcc-sms/core 0.1.0); the
    // overrides make npm take those from the tarballs under test rather than from the registry.
    overrides: local,
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const started = performance.now();
  await runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    timeoutMs: 600_000,
  });
  return { dir, installMs: Math.round(performance.now() - started) };
}
