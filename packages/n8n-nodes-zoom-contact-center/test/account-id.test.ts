/**
 * The Account ID option: a master account's credential reads a sub-account through the master-account
 * twin, in Get Many and in the trigger, over real HTTP against a sandbox serving both accounts.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { NodeOperationError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZoomContactCenter } from '../nodes/ZoomContactCenter/ZoomContactCenter.node.ts';
import { ZoomContactCenterTrigger } from '../nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.ts';
import { fakeContext } from './support/n8n-context.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
// The trigger reads the real clock: the sandbox's data sits in the last days.
const now = Math.floor(Date.now() / 1000) * 1000;
const RANGE = { from: iso(now - 4 * DAY), to: iso(now) };

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 77,
    clock: { mode: 'manual', start: now },
    name: 'master',
    subAccounts: ['sub'],
    dataset: { from: iso(now - 3 * DAY), to: iso(now - 3_600_000), records: 200, seed: 77 },
    accounts: [
      { name: 'sub', dataset: { from: iso(now - 3 * DAY), to: iso(now - 3_600_000), records: 260 } },
    ],
  });
});
afterAll(() => sandbox.stop());

const masterCredential = () => ({
  ...sandbox.credentials,
  environment: 'custom',
  apiBaseUrl: sandbox.baseUrl,
  tokenUrl: sandbox.tokenUrl,
});
const base = { resource: 'sms', operation: 'getAll', returnAll: true, ...RANGE };
const idsOf = (items: Array<{ json: Record<string, unknown> }> | undefined) =>
  (items ?? []).map((i) => String(i.json.engagement_id)).sort();

describe('Account ID', () => {
  it('Get Many reads the sub-account’s exact set with the master’s credential', async () => {
    const sub = sandbox.account('sub');
    const ctx = fakeContext({
      credentials: masterCredential(),
      items: [{ ...base, options: { accountId: ` ${sub.credentials.accountId} ` } }, base],
    });
    const [out] = await new ZoomContactCenter().execute.call(ctx.context);
    const viaTwin = out!.filter((i) => JSON.stringify(i.pairedItem) === '{"item":0}');
    const own = out!.filter((i) => JSON.stringify(i.pairedItem) === '{"item":1}');
    expect(idsOf(viaTwin)).toEqual(sub.groundTruth(RANGE));
    expect(idsOf(own)).toEqual(sandbox.groundTruth(RANGE));
    expect(new Set(idsOf(viaTwin)).size).toBe(viaTwin.length);
  });

  it('refuses a malformed id before any request, naming the field', async () => {
    const before = sandbox.stats().apiRequests;
    const ctx = fakeContext({
      credentials: masterCredential(),
      items: [{ ...base, options: { accountId: 'abc/../def' } }],
    });
    const error = await new ZoomContactCenter().execute.call(ctx.context).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toMatch(/^accountId: .* is not a Zoom account id/);
    expect(sandbox.stats().apiRequests).toBe(before);
  });

  it('the trigger polls the sub-account through the twin: its exact set, once', async () => {
    const sub = sandbox.account('sub');
    const ctx = fakeContext({
      credentials: masterCredential(),
      mode: 'trigger',
      poll: true,
      items: [
        {
          firstRun: 'lastDays',
          firstRunDays: 7,
          lookbackMinutes: 60,
          filters: {},
          options: { accountId: sub.credentials.accountId },
        },
      ],
    });
    const result = await new ZoomContactCenterTrigger().poll.call(ctx.context);
    expect(idsOf(result?.[0])).toEqual(sub.groundTruth({ from: iso(now - 7 * DAY), to: iso(now) }));
    expect(sub.groundTruth({ from: iso(now - 7 * DAY), to: iso(now) }).length).toBeGreaterThan(100);
  });
});
