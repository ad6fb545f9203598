/**
 * `n8n-node lint` in strict mode, on what n8n's verification lints: package.json, nodes/ and credentials/
 * (the scanner's SOURCE_FILE_PATTERNS) with the unmodified eslint.config.mjs from the n8n-node template.
 *
 * It runs in a staged copy because `n8n-node lint` runs `eslint .` and the strict config cannot be
 * changed: the community-node rules (no `process`, no timers, no `child_process`, no `fs`) are right for
 * code that ships, and wrong for this package's tests, benchmark and build scripts, which start n8n and
 * the sandbox. The staged copy holds exactly the shipped sources; `node_modules` entries are symlinked.
 *
 *   node scripts/lint.mts
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from './pack.mts';

const SHIPPED_SOURCES = ['package.json', 'eslint.config.mjs', 'nodes', 'credentials'];

export function stageLintCopy(): string {
  const stage = mkdtempSync(path.join(tmpdir(), 'zcc-n8n-lint-'));
  for (const entry of SHIPPED_SOURCES)
    cpSync(path.join(PACKAGE_ROOT, entry), path.join(stage, entry), { recursive: true });
  // A standalone tsconfig (the package's one extends the monorepo base by a relative path).
  const base = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, '../../tsconfig.base.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  const compilerOptions = { ...base.compilerOptions, module: 'preserve', moduleResolution: 'bundler' };
  writeFileSync(
    path.join(stage, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, include: ['nodes', 'credentials'] }),
  );

  const modules = path.join(stage, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  const own = path.join(PACKAGE_ROOT, 'node_modules');
  for (const entry of readdirSync(own)) {
    if (entry !== '.bin') symlinkSync(path.join(own, entry), path.join(modules, entry));
  }
  // `n8n-node lint` runs `<package manager> exec -- eslint .`: use the ESLint that @n8n/node-cli depends on.
  const cli = createRequire(realpathSync(path.join(own, '@n8n/node-cli/package.json')));
  const eslintBin = path.join(path.dirname(cli.resolve('eslint/package.json')), 'bin/eslint.js');
  writeFileSync(path.join(modules, '.bin/eslint'), `#!/bin/sh\nexec node "${eslintBin}" "$@"\n`, {
    mode: 0o755,
  });
  return stage;
}

if (import.meta.filename === process.argv[1]) {
  const stage = stageLintCopy();
  try {
    execFileSync(path.join(PACKAGE_ROOT, 'node_modules/.bin/n8n-node'), ['lint'], {
      cwd: stage,
      stdio: 'inherit',
      env: { ...process.env, npm_config_user_agent: 'npm', CI: 'true' },
    });
  } catch {
    process.exitCode = 1;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
