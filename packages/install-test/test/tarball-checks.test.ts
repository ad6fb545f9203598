/**
 * Every packed tarball passes publint (package.json against what is in the tarball) and, for each package
 * that can be imported, are-the-types-wrong (types and JavaScript resolve alike under node16 ESM and
 * bundlers; our packages are ESM-only, so CommonJS `require` is out of scope by design).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, inject, it } from 'vitest';
import { WORKSPACE_ROOT } from '../src/pack.ts';
import { run } from '../src/run.ts';

const tarballs = inject('zccTarballs');
const attw = join(import.meta.dirname, '../node_modules/.bin/attw');

// The Node version CI runs (scripts/bootstrap) is the lowest every package declares, so `engines` is true.
const bootstrap = await readFile(join(WORKSPACE_ROOT, 'scripts/bootstrap'), 'utf8');
const ciNode = /^NODE_VERSION=(\S+)$/m.exec(bootstrap)?.[1];

describe.each(tarballs.map((t) => [t.name, t] as const))('%s', (_name, tarball) => {
  it('declares the Node version CI tests as its lowest (engines.node)', async () => {
    const manifest = JSON.parse(await readFile(join(tarball.dir, 'package.json'), 'utf8')) as {
      engines?: { node?: string };
    };
    expect(ciNode).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.engines?.node).toBe(`^${ciNode}`);
  });

  it('passes publint with suggestions as errors', async () => {
    const bytes = await readFile(tarball.path);
    const { messages, pkg } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    expect(messages.map((m) => formatMessage(m, pkg, { color: false }))).toEqual([]);
  });
});

// The CLI and the n8n node have no `exports`: nothing to import, so no types to check.
const importable = tarballs.filter((t) => t.importable);

it('has the libraries to check for types', () => {
  expect(importable.map((t) => t.name).sort()).toEqual([
    '@zcc-sms/core',
    '@zcc-sms/sandbox',
    '@zcc-sms/temporal',
  ]);
});

describe.each(importable.map((t) => [t.name, t] as const))('%s', (_name, tarball) => {
  it('passes are-the-types-wrong (ESM-only profile)', async () => {
    const result = await run(attw, [tarball.path, '--profile', 'esm-only', '--format', 'ascii'], {
      cwd: import.meta.dirname,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
