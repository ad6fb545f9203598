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
import { run } from './run.ts';

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
  await npmInstall(dir);
  return { dir, installMs: Math.round(performance.now() - started) };
}

/**
 * npm errors that say the network or a proxy failed this time, not that the packages are wrong: a CI proxy
 * was seen answering one request with its own certificate (SELF_SIGNED_CERT_IN_CHAIN) between good ones.
 */
const TRANSIENT_NPM =
  /\b(SELF_SIGNED_CERT_IN_CHAIN|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ECONNREFUSED|E50[234]|EPIPE)\b/;

/** `npm install` in a fresh project; a transient registry failure is tried again, at most twice. */
async function npmInstall(dir: string): Promise<void> {
  const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  for (let attempt = 1; ; attempt++) {
    const result = await run('npm', args, { cwd: dir, timeoutMs: 600_000 });
    if (result.code === 0) return;
    const output = `${result.stdout.slice(-4_000)}\n${result.stderr.slice(-4_000)}`;
    if (attempt >= 3 || !TRANSIENT_NPM.test(output))
      throw new Error(`npm ${args.join(' ')} exited with ${result.code} (attempt ${attempt})\n${output}`);
  }
}
