/**
 * API reports (api-extractor) of every entry point of every published package, kept in `<package>/api/`.
 * A change to what a package exports — a new export, a removed one, a changed signature — changes a report,
 * so it shows in review as a diff. Reads the built declarations (`dist/`, after `pnpm build`).
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  type ExtractorResult,
} from '@microsoft/api-extractor';
import { publishableDirs } from './pack.ts';

export interface EntryPoint {
  readonly packageDir: string;
  readonly packageName: string;
  /** `index`, `node`, `windows`, … — the report is `api/<name>.api.md`. */
  readonly name: string;
  readonly declarations: string;
}

interface Manifest {
  readonly name: string;
  readonly publishConfig?: { readonly exports?: Record<string, { readonly types?: string }> };
}

export async function entryPoints(): Promise<EntryPoint[]> {
  const entries: EntryPoint[] = [];
  for (const dir of await publishableDirs()) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
    for (const [subpath, target] of Object.entries(manifest.publishConfig?.exports ?? {})) {
      if (target.types === undefined) continue;
      const name = subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replace(/\//g, '-');
      entries.push({
        packageDir: dir,
        packageName: manifest.name,
        name,
        declarations: join(dir, target.types),
      });
    }
  }
  return entries;
}

// The settings a nodenext TypeScript user has; libraries' own declarations are not ours to check. In the
// workspace, `@zcc-sms/core` resolves to its `.ts` sources (source-first exports): preserveSymlinks keeps
// them under node_modules, so they count as another package's, and allowImportingTsExtensions accepts
// their imports. What users resolve is checked by typescript-consumer.test.ts on the installed tarballs.
const compilerOptions = {
  allowImportingTsExtensions: true,
  noEmit: true,
  preserveSymlinks: true,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2023',
  lib: ['es2023'],
  types: ['node'],
  strict: true,
  skipLibCheck: true,
};

/**
 * Writes (`update`) or checks one entry point's report. Checking fails when the report on disk differs
 * from the declarations: `apiReportChanged`.
 */
export async function runApiReport(entry: EntryPoint, update: boolean): Promise<ExtractorResult> {
  const temp = await mkdtemp(join(tmpdir(), 'zcc-sms-api-'));
  if (update) await mkdir(join(entry.packageDir, 'api'), { recursive: true });
  try {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: entry.packageDir,
        mainEntryPointFilePath: entry.declarations,
        compiler: { overrideTsconfig: { compilerOptions } },
        apiReport: {
          enabled: true,
          reportFolder: join(entry.packageDir, 'api'),
          reportTempFolder: temp,
          reportFileName: entry.name,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Release tags (@public/@beta) are not how this project marks its surface: the index is.
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.Warning },
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
            'ae-undocumented': { logLevel: ExtractorLogLevel.None },
            // A type a public signature uses but the index does not export stays listed in the report as a
            // `// Warning:` line (visible in review) rather than failing the check.
            'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
            // Workspace only: another package's types resolve to its `.ts` sources (see compilerOptions).
            'ae-wrong-input-file-type': { logLevel: ExtractorLogLevel.None },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(entry.packageDir, 'package.json'),
    });
    return Extractor.invoke(config, { localBuild: update, messageCallback: quiet });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

// Findings are written into the report itself (as `// Warning:` lines), so the console stays quiet.
function quiet(message: ExtractorMessage): void {
  if (message.logLevel !== ExtractorLogLevel.Error) message.handled = true;
}
