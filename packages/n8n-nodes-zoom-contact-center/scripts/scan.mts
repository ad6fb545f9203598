/**
 * The lint stage of n8n's verification scanner (@n8n/scan-community-package), run offline on the packed
 * tarball. The real scanner first checks npm provenance (only a publish from GitHub Actions has it — see
 * the publish workflow in README.md), then lints both the attested source (`package.json` and
 * `{nodes,credentials}/**`) and the shipped `**\/*.js` + `package.json` of the tarball. This runs both lint
 * legs with the scanner's own rule set (`analyzePackage`, `SOURCE_FILE_PATTERNS`).
 *
 *   node scripts/scan.mts            # after `pnpm build`
 */
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT, packPackage } from './pack.mts';

// @n8n/scan-community-package 0.32.0 pins typescript 7.0.2 (the native port, which has no JS compiler API),
// and its @typescript-eslint/parser and ts-api-utils crash on load with it (`ts.Extension` is undefined). The rules do not
// depend on the TypeScript version, so modules built against it get this package's TypeScript 5.9 instead.
const typescript5 = pathToFileURL(createRequire(`${PACKAGE_ROOT}/package.json`).resolve('typescript')).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' && context.parentURL?.includes('typescript@7')) {
      return { url: typescript5, format: 'commonjs', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
  '@n8n/scan-community-package/scanner/scanner.mjs'
);

export interface ScanResult {
  readonly passed: boolean;
  readonly details?: string;
}

export async function scanPackage(): Promise<{ source: ScanResult; tarball: ScanResult }> {
  const packed = packPackage();
  try {
    const source = (await analyzePackage(PACKAGE_ROOT, SOURCE_FILE_PATTERNS)) as ScanResult;
    const tarball = (await analyzePackage(packed.dir, ['**/*.js', 'package.json'])) as ScanResult;
    return { source, tarball };
  } finally {
    packed.remove();
  }
}

if (import.meta.filename === process.argv[1]) {
  const { source, tarball } = await scanPackage();
  for (const [leg, result] of [
    ['source (package.json, nodes/, credentials/)', source],
    ['tarball (dist/**/*.js, package.json)', tarball],
  ] as const) {
    process.stdout.write(`${result.passed ? 'passed' : 'FAILED'}: ${leg}\n`);
    if (result.details) process.stdout.write(`${result.details}\n`);
  }
  process.exitCode = source.passed && tarball.passed ? 0 : 1;
}
