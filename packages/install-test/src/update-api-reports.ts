/**
 * `pnpm api:update` (after `pnpm build`): rewrites every package's `api/*.api.md` from its declarations.
 * Commit the result; `test/api-report.test.ts` fails while a report is out of date.
 */
import { relative } from 'node:path';
import { entryPoints, runApiReport } from './api-report.ts';
import { WORKSPACE_ROOT } from './pack.ts';

for (const entry of await entryPoints()) {
  const result = await runApiReport(entry, true);
  const where = relative(WORKSPACE_ROOT, result.extractorConfig.reportFilePath);
  console.log(`${result.apiReportChanged ? 'updated' : 'unchanged'} ${where}`);
  if (!result.succeeded) process.exitCode = 1;
}
