/**
 * The build of every TypeScript package (`pnpm build` runs it in the package's directory):
 * `tsc -p tsconfig.build.json` emits ES modules and declarations into dist/, rewriting the sources'
 * `./x.ts` imports to `./x.js` (`rewriteRelativeImportExtensions`). tsc 5.9 does not rewrite them in the
 * declarations it emits, and TypeScript 6 reports `.ts` paths in a published `.d.ts` as TS5097, so this
 * script rewrites them there: `from './x.ts'` and `import('./x.ts')` become `./x.js`.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const RELATIVE_TS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+?)\.ts\2/g;

/** `import { a } from './a.ts'` → `import { a } from './a.js'`; bare and non-relative specifiers untouched. */
export function rewriteDeclarationImports(text: string): string {
  return text.replace(
    RELATIVE_TS,
    (_match, lead: string, quote: string, path: string) => `${lead}${quote}${path}.js${quote}`,
  );
}

async function declarationFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.d.ts')).map((e) => join(e.parentPath, e.name));
}

if (import.meta.main) {
  const cwd = process.cwd();
  const tsc = createRequire(join(cwd, 'package.json')).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  for (const file of await declarationFiles(join(cwd, 'dist'))) {
    const text = await readFile(file, 'utf8');
    const rewritten = rewriteDeclarationImports(text);
    if (rewritten !== text) await writeFile(file, rewritten);
  }
}
