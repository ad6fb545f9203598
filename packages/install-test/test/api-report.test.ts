/**
 * The public surface of each package is deliberate: its api-extractor report is checked in
 * (`<package>/api/*.api.md`) and this test fails when the built declarations say something else.
 */
import { describe, expect, it } from 'vitest';
import { entryPoints, runApiReport } from '../src/api-report.ts';

const entries = await entryPoints();

it('covers every entry point of the libraries', () => {
  expect(entries.map((e) => `${e.packageName}:${e.name}`).sort()).toEqual([
    '@zcc-sms/core:index',
    '@zcc-sms/core:node',
    '@zcc-sms/core:plan',
    '@zcc-sms/core:windows',
    '@zcc-sms/sandbox:index',
    '@zcc-sms/temporal:dev-server',
    '@zcc-sms/temporal:index',
    '@zcc-sms/temporal:names',
    '@zcc-sms/temporal:postgres-target',
    '@zcc-sms/temporal:workflows',
  ]);
});

describe.each(entries.map((e) => [`${e.packageName}:${e.name}`, e] as const))('%s', (_name, entry) => {
  it('matches its checked-in API report (after a deliberate change: pnpm api:update)', async () => {
    const result = await runApiReport(entry, false);
    expect(result.apiReportChanged, `${result.extractorConfig.reportFilePath} is out of date`).toBe(false);
    expect(result.succeeded).toBe(true);
  });
});
