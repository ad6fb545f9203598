/**
 * (a) The packed packages on plain Node, as installed by npm: every entry point imports (no type stripping
 * under node_modules), and what is inside is JavaScript, not TypeScript.
 */
import { describe, expect, inject, it } from 'vitest';
import { run } from '../src/run.ts';

const project = inject('zccUserProject');

async function nodeEval(code: string) {
  return await run(process.execPath, ['--input-type=module', '--eval', code], {
    cwd: project,
    timeoutMs: 60_000,
  });
}

describe('plain Node imports the installed tarballs', () => {
  it('imports @zcc-sms/core and @zcc-sms/core/node, and their code works', async () => {
    const result = await nodeEval(`
      const core = await import('@zcc-sms/core');
      const node = await import('@zcc-sms/core/node');
      const where = import.meta.resolve('@zcc-sms/core');
      let refused = '';
      try { core.parseSmsQuery({ from: '2025-01-01', to: '2025-01-31', page_size: 500 }); }
      catch (error) { refused = error.name + ': ' + error.message; }
      console.log(JSON.stringify({ where, client: typeof node.createNodeZoomClient, refused }));
    `);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { where: string; client: string; refused: string };
    expect(out.where).toMatch(/\/node_modules\/@zcc-sms\/core\/dist\/index\.js$/);
    expect(out.client).toBe('function');
    expect(out.refused).toMatch(/^ZoomInputError: .*page_size/);
  });

  it('imports every other entry point of every package', async () => {
    const result = await nodeEval(`
      const names = ['@zcc-sms/core/windows', '@zcc-sms/core/plan', '@zcc-sms/sandbox', '@zcc-sms/temporal',
        '@zcc-sms/temporal/workflows', '@zcc-sms/temporal/names'];
      const loaded = {};
      for (const name of names) loaded[name] = Object.keys(await import(name)).length;
      console.log(JSON.stringify(loaded));
    `);
    expect(result.stderr).toBe('');
    const loaded = JSON.parse(result.stdout) as Record<string, number>;
    for (const count of Object.values(loaded)) expect(count).toBeGreaterThan(0);
    expect(Object.keys(loaded)).toHaveLength(6);
  });

  it('ships JavaScript and declarations only: no .ts sources in any installed package', async () => {
    const result = await nodeEval(`
      import { readdirSync } from 'node:fs';
      const dirs = ['@zcc-sms/core', '@zcc-sms/sandbox', '@zcc-sms/temporal', 'zcc-sms'];
      const ts = dirs.flatMap((d) => readdirSync('node_modules/' + d, { recursive: true })
        .filter((f) => !f.includes('node_modules') && f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => d + '/' + f));
      console.log(JSON.stringify(ts));
    `);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
