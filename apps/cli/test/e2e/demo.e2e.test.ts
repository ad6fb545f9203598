/**
 * `zcc-sms demo` end to end (sandbox + embedded Temporal + in-process worker), run twice in a row: the
 * second run says it replaces the first one's directory and lands the same exact set again.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';

interface DemoSummary {
  readonly exact: boolean;
  readonly records: number;
  readonly expected: number;
  readonly months: ReadonlyArray<{ month: string; records: number }>;
  readonly rateLimited: { perSecond: number; daily: number };
}

it('backfills 12 months into ./zcc-sms-demo/, checks them against the ground truth, and can run again', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-demo-'));
  try {
    const args = ['demo', '--records-per-month', '150', '--latency-ms', '20', '--json'];
    const first = await runCli(args, { cwd });
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as DemoSummary;
    expect(summary.exact).toBe(true);
    expect(summary.records).toBe(summary.expected);
    expect(summary.records).toBeGreaterThan(1_000);
    expect(summary.months).toHaveLength(12);
    expect(summary.rateLimited).toEqual({ perSecond: 0, daily: 0 });
    expect((await readdir(join(cwd, 'zcc-sms-demo'))).filter((f) => f.endsWith('.ndjson'))).toHaveLength(12);

    const second = await runCli(args, { cwd });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(
      `Removing the previous demo output in ${join(cwd, 'zcc-sms-demo')} (every demo run starts afresh).`,
    );
    expect(JSON.parse(second.stdout)).toMatchObject({ exact: true, records: summary.records });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});
