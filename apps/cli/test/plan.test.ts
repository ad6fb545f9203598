/**
 * `zcc-sms plan` end to end against the sandbox: the plan's figures against the sandbox's ground truth.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-process.ts';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-01T12:00:00Z' },
    dataset: {
      from: '2025-01-01',
      to: '2025-12-31',
      records: 6_000,
      seed: 5,
      lateFraction: 0,
      profile: 'busy-month',
    },
    variants: { toInclusive: false },
  });
});
afterAll(() => sandbox.stop());

interface PlanJson {
  months: Array<{ month: string; records: number; requests: number }>;
  totalRecords: number;
  totalRequests: number;
  probeRequests: number;
  secondsAtRateLimit: number;
  quotaDays: number;
  expectedFinish: string;
  limits: { perSecond: number; daily: number };
  windows: number;
}

describe('zcc-sms plan', () => {
  it('counts records and requests per month exactly as the ground truth says', async () => {
    const run = await runCli(
      [
        'plan',
        '--from',
        '2025-01-01',
        '--to',
        '2025-12-31',
        '--plan',
        'business',
        '--share',
        '0.5',
        '--favor',
        'quota',
        '--json',
      ],
      {
        env: sandbox.env,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.months).toHaveLength(12);
    for (const row of plan.months) {
      const [y, m] = row.month.split('-').map(Number);
      const from = row.month === '2025-01' ? '2025-01-01' : `${row.month}-01T00:00:00Z`;
      const to =
        row.month === '2025-12'
          ? '2025-12-31'
          : `${new Date(Date.UTC(y!, m!, 1)).toISOString().slice(0, 19)}Z`;
      const truth = sandbox.groundTruth({ from, to }).length;
      expect(row.records, row.month).toBe(truth);
      expect(row.requests).toBe(Math.max(1, Math.ceil(truth / 100)));
    }
    expect(plan.totalRecords).toBe(sandbox.groundTruth({ from: '2025-01-01', to: '2025-12-31' }).length);
    expect(plan.limits).toEqual({ perSecond: 5, daily: 15_000 });
    expect(plan.secondsAtRateLimit).toBeCloseTo(plan.totalRequests / 5);
    expect(plan.quotaDays).toBeCloseTo(plan.totalRequests / 15_000);
    expect(plan.probeRequests).toBe(12);
    expect(plan.windows).toBe(12);
  });

  it('prints a table with totals and the cursors that split busy months while paging', async () => {
    const run = await runCli(['plan', '--from', '2025-01-01', '--to', '2025-12-31', '--plan', 'business'], {
      env: sandbox.env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^month\s+records\s+requests$/m);
    expect(run.stdout).toMatch(/^2025-06\s+[\d,]+\s+[\d,]+$/m);
    expect(run.stdout).toMatch(/^total\s+[\d,]+\s+\d+$/m);
    expect(run.stdout).toMatch(/^Windows {10}12, \d+ cursors at once \(idle cursors split/m);
    expect(run.stdout).toMatch(/Expected finish {2}\d{4}-\d{2}-\d{2}/);
  });

  it('estimates the requests an export then makes within 5 %, splits included', async () => {
    const range = ['--from', '2025-01-01', '--to', '2025-12-31', '--plan', 'business'];
    const plan = JSON.parse(
      (await runCli(['plan', ...range, '--json'], { env: sandbox.env })).stdout,
    ) as PlanJson;
    const before = sandbox.stats().apiRequests;
    const run = await runCli(['export', ...range, '--output', '/dev/null', '--no-progress'], {
      env: sandbox.env,
    });
    expect(run.code).toBe(0);
    const made = sandbox.stats().apiRequests - before;
    expect(made).toBeGreaterThanOrEqual(plan.totalRecords / 100);
    expect(Math.abs(made - plan.totalRequests) / made).toBeLessThanOrEqual(0.05);
  });

  it('rejects a share above 1 before any request', async () => {
    const before = sandbox.stats().requests;
    const run = await runCli(['plan', '--from', '2025-01-01', '--to', '2025-12-31', '--share', '2'], {
      env: sandbox.env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('zcc-sms: --share "2" is above 1; use a fraction such as 0.5');
    expect(sandbox.stats().requests).toBe(before);
  });
});
