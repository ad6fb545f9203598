/**
 * The shipped JavaScript, built fresh into a temp directory: one CommonJS file per node and credential
 * that requires nothing but n8n-workflow, with no global n8n's verification forbids — including the ones
 * zod 4 brings (scripts/build.mjs rewrites them; this test fails if a zod upgrade brings them back).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../scripts/build.mjs';

const out = mkdtempSync(path.join(tmpdir(), 'zcc-n8n-bundle-'));
const bundles = () =>
  (readdirSync(out, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: f, code: readFileSync(path.join(out, f), 'utf8') }));

/** A use of the name as a value: not a property (`x.process`), key (`process:`) or method (`process(a) {`). */
function usesGlobal(code: string, name: string): string[] {
  const re = new RegExp(`(?<![.\\w$])${name}(?![\\w$])`, 'g');
  const hits: string[] = [];
  for (const m of code.matchAll(re)) {
    const after = code.slice(m.index + name.length, m.index + name.length + 80);
    const line = code.slice(code.lastIndexOf('\n', m.index) + 1, code.indexOf('\n', m.index));
    if (/^\s*:/.test(after)) continue; // object key
    if (/^\s*\([^)]*\)\s*\{/.test(after) && /^\s*(async\s+)?\w+\s*\(/.test(line)) continue; // method definition
    if (/^\s*(\*|\/\/)/.test(line)) continue; // comment
    hits.push(line.trim());
  }
  return hits;
}

beforeAll(async () => {
  await buildPackage(out);
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('dist bundles', () => {
  it('are one file per node and credential, with icons and codex files beside them', () => {
    const files = (readdirSync(out, { recursive: true }) as string[])
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'credentials/ZoomContactCenterApi.credentials.js',
        'nodes/ZoomContactCenter/ZoomContactCenter.node.js',
        'nodes/ZoomContactCenter/ZoomContactCenter.node.json',
        'nodes/ZoomContactCenter/zoomContactCenter.svg',
        'nodes/ZoomContactCenter/zoomContactCenter.dark.svg',
        'nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.js',
        'nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.json',
      ]),
    );
  });

  it.each([
    'globalThis',
    'global',
    'process',
    'console',
    'setTimeout',
    'setInterval',
    'setImmediate',
    'clearTimeout',
    'clearInterval',
    'clearImmediate',
    '__dirname',
    '__filename',
    'eval',
  ])('never use the global %s', (name) => {
    for (const { file, code } of bundles()) expect(usesGlobal(code, name), file).toEqual([]);
  });

  it('never reach the Function constructor (zod’s JIT is off and unbound)', () => {
    for (const { file, code } of bundles()) {
      expect(code, file).not.toMatch(/new\s+Function\s*\(|(?<![.\w$])Function\s*\(|=\s*Function\s*[;,)]/);
    }
  });

  it('require only n8n-workflow', () => {
    for (const { file, code } of bundles()) {
      const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      expect(
        required.filter((m) => m !== 'n8n-workflow'),
        file,
      ).toEqual([]);
    }
  });

  it('load under CommonJS and export the classes n8n looks up by file name', () => {
    const req = createRequire(path.join(out, 'index.js'));
    const node = req('./nodes/ZoomContactCenter/ZoomContactCenter.node.js') as Record<
      string,
      new () => { description: { name: string; usableAsTool?: boolean } }
    >;
    const trigger = req('./nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.js') as Record<
      string,
      new () => { description: { polling?: boolean } }
    >;
    const credential = req('./credentials/ZoomContactCenterApi.credentials.js') as Record<
      string,
      new () => {
        name: string;
        properties: Array<{ name: string; type: string; typeOptions?: { expirable?: boolean } }>;
      }
    >;
    expect(new node.ZoomContactCenter!().description).toMatchObject({
      name: 'zoomContactCenter',
      usableAsTool: true,
    });
    expect(new trigger.ZoomContactCenterTrigger!().description.polling).toBe(true);
    const cred = new credential.ZoomContactCenterApi!();
    expect(cred.name).toBe('zoomContactCenterApi');
    expect(cred.properties.find((p) => p.name === 'accessToken')).toMatchObject({
      type: 'hidden',
      typeOptions: { expirable: true },
    });
  });

  it('keep the credential small: zod is only in the nodes that validate with it', () => {
    const credential = bundles().find((b) => b.file.includes('credentials'))!;
    expect(credential.code).not.toContain('ZodType');
    expect(credential.code.length).toBeLessThan(60_000);
  });
});
