/**
 * (b) TypeScript users of the packed declarations under `module`/`moduleResolution: nodenext`: a correct
 * consumer type-checks (our `.d.ts` included, no skipLibCheck), and a misspelled filter is a type error.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run } from '../src/run.ts';

const project = inject('zccUserProject');
const fixtures = join(import.meta.dirname, '../fixtures/typescript');
const tsc = join(project, 'node_modules/typescript/bin/tsc');

async function typecheck(files: readonly string[], options: Record<string, unknown> = {}) {
  const config = JSON.parse(await readFile(join(fixtures, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  const name = `tsconfig.${files[0]?.replace(/\.ts$/, '')}.json`;
  const tsconfig = { compilerOptions: { ...config.compilerOptions, ...options }, files };
  await writeFile(join(project, name), JSON.stringify(tsconfig, null, 2));
  return await run(process.execPath, [tsc, '-p', name, '--pretty', 'false'], {
    cwd: project,
    timeoutMs: 180_000,
  });
}

beforeAll(async () => {
  await cp(fixtures, project, { recursive: true, filter: (source) => !source.endsWith('tsconfig.json') });
});

describe('a TypeScript consumer (nodenext)', () => {
  it('type-checks against @zcc-sms/core and @zcc-sms/core/node, declarations included', async () => {
    const result = await typecheck(['consumer.ts']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('rejects a misspelled filter with a type error that names it', async () => {
    const result = await typecheck(['misspelled-filter.ts']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/misspelled-filter\.ts\(\d+,\d+\): error TS(2353|2561): .*'directon'/);
    // Only that error: everything else about the call is right.
    expect(
      result.stdout
        .trim()
        .split('\n')
        .filter((l) => l.includes('error TS')),
    ).toHaveLength(1);
  });

  it('type-checks a Temporal worker and starter against @zcc-sms/temporal', async () => {
    // skipLibCheck: @temporalio/common's own declarations import the untyped `ms` package; Temporal's
    // samples compile with skipLibCheck for that reason. Our imports, calls and types are still checked.
    const result = await typecheck(['temporal-consumer.ts'], { skipLibCheck: true });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
