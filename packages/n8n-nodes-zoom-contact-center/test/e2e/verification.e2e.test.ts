/**
 * What n8n checks before listing a community node as verified: `n8n-node lint` in strict mode, and the
 * lint stage of @n8n/scan-community-package on the packed tarball (its provenance stage needs a publish
 * from GitHub Actions; see the publish workflow in README.md).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../scripts/build.mjs';
import { PACKAGE_ROOT } from '../../scripts/pack.mts';

function runScript(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'scripts', script)], {
      cwd: PACKAGE_ROOT,
      // Not vitest's NODE_ENV=test: eslint-plugin-n8n-nodes-base swaps in fixture file names under it.
      env: {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')),
        ),
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString('utf8');
    });
    child.stderr.on('data', (b: Buffer) => {
      output += b.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  await buildPackage();
}, 60_000);

describe('n8n verification checks', () => {
  it('`n8n-node lint` (strict) passes on the shipped sources', async () => {
    const { code, output } = await runScript('lint.mts');
    expect(output).not.toMatch(/problems?\b|Strict mode violation|compatibility issues/i);
    expect(code, output).toBe(0);
  });

  it('the scanner’s lint stage passes on the source and on the packed tarball', async () => {
    const { code, output } = await runScript('scan.mts');
    expect(output).toContain('passed: source');
    expect(output).toContain('passed: tarball');
    expect(code, output).toBe(0);
  });
});
