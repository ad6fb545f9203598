/**
 * Builds the n8n package: each credential and node is bundled with `@zcc-sms/core` and zod into one
 * CommonJS file in dist/ (n8n loads them with `require`), so the package has no runtime dependencies
 * (`no-runtime-dependencies`) and only n8n-workflow stays external (the instance provides it).
 *
 * Why a zod plugin. n8n's verification scanner (@n8n/scan-community-package) lints the shipped JavaScript
 * with @n8n/eslint-plugin-community-nodes, whose `no-restricted-globals` rejects any `globalThis` and whose
 * `no-dangerous-functions` rejects the `Function` constructor. zod 4 uses both, bundled or not:
 *   - v4/core/core.js and registries.js keep their global config and registry on `globalThis`
 *     (`globalThis.__zod_globalConfig`, `globalThis.__zod_globalRegistry`), so that several copies of zod in
 *     one process share them. A bundled private copy has nothing to share with, so a module-local object is
 *     equivalent — and keeps this package's zod from touching other nodes' zod.
 *   - util.js (`allowsEval`), doc.js and compile.js reach `Function` through `const F = Function` to JIT-compile
 *     object parsers. Running generated code is exactly what the scanner forbids, so the JIT is switched off
 *     (`jitless: true` in the local config, which zod checks before probing) and `F` is bound to a function
 *     that throws, which zod's own probe and fallbacks already handle (it then uses its interpreter).
 * The plugin fails the build if zod's source no longer matches what it rewrites, and test/bundle.test.ts
 * checks dist/ for every forbidden token, so a zod upgrade cannot slip a global back in.
 */
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

const ENTRY_POINTS = [
  'credentials/ZoomContactCenterApi.credentials.ts',
  'nodes/ZoomContactCenter/ZoomContactCenter.node.ts',
  'nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.ts',
];

/** Files copied next to the bundles: icons and codex metadata, which n8n reads from dist/. */
const ASSETS = [
  'nodes/ZoomContactCenter/zoomContactCenter.svg',
  'nodes/ZoomContactCenter/zoomContactCenter.dark.svg',
  'nodes/ZoomContactCenter/ZoomContactCenter.node.json',
  'nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.json',
];

const ZOD_FILE = /[\\/]zod[\\/]v4[\\/]core[\\/](core|registries|util|doc|compile)\.js$/;
const JIT_DISABLED =
  'function __zodJitDisabled() { throw new Error("zod code generation is disabled in this bundle (n8n verification)"); }\n';

/** Rewrites zod's `globalThis` and `Function` uses (see the file comment); throws if zod changed shape. */
export function rewriteZod(file, source) {
  const name = path.basename(file, '.js');
  let out = source;
  const replace = (pattern, replacement, what) => {
    if (!pattern.test(out))
      throw new Error(`build: zod ${name}.js no longer contains ${what}; review scripts/build.mjs`);
    out = out.replace(pattern, replacement);
  };
  if (name === 'core') {
    replace(/\bglobalThis\b/g, '__zodHost', 'globalThis');
    out = `const __zodHost = { __zod_globalConfig: { jitless: true } };\n${out}`;
  }
  if (name === 'registries') {
    replace(/\bglobalThis\b/g, '__zodHost', 'globalThis');
    out = `const __zodHost = {};\n${out}`;
  }
  if (name === 'util' || name === 'doc' || name === 'compile') {
    replace(/\bconst F = Function;/g, 'const F = __zodJitDisabled;', '`const F = Function;`');
    out = JIT_DISABLED + out;
  }
  return out;
}

/**
 * `@zcc-sms/core` declares no `sideEffects` in its package.json, so esbuild keeps every core module a bundle
 * reaches through the index — and with query.ts/response.ts all of zod, even in the credential, which only
 * needs the token provider. Core modules only define things at load time, so marking them side-effect free
 * lets esbuild drop what an entry point does not use (the credential bundle loses zod entirely).
 */
const coreIsPure = {
  name: 'core-is-pure',
  setup(b) {
    b.onResolve({ filter: /^(@zcc-sms\/core(\/.*)?|\.\.?\/.*\.ts)$/ }, async (args) => {
      if (args.pluginData?.coreIsPure) return undefined;
      const result = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { coreIsPure: true },
      });
      if (result.errors.length > 0) return { errors: result.errors };
      const inCore = /[\\/]packages[\\/]core[\\/]src[\\/]/.test(result.path);
      return { ...result, sideEffects: inCore ? false : result.sideEffects };
    });
  },
};

const zodForN8n = {
  name: 'zod-for-n8n',
  setup(b) {
    b.onLoad({ filter: ZOD_FILE }, async (args) => ({
      contents: rewriteZod(args.path, await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

/** Builds into `outDir` (default dist/); the bundle test builds into a temporary directory. */
export async function buildPackage(outDir = dist) {
  await rm(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir: outDir,
    outbase: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['n8n-workflow'],
    plugins: [coreIsPure, zodForN8n],
    // Readable output: reviewers of verified community nodes read the shipped code.
    minify: false,
    legalComments: 'inline',
    logLevel: 'warning',
  });
  for (const asset of ASSETS) {
    await mkdir(path.dirname(path.join(outDir, asset)), { recursive: true });
    await cp(path.join(root, asset), path.join(outDir, asset));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPackage();
}
