import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZoomContactCenter } from '../nodes/ZoomContactCenter/ZoomContactCenter.node.ts';
import { ZoomContactCenterTrigger } from '../nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.ts';
import { fakeContext } from './support/n8n-context.ts';

let sandbox: Sandbox;
const credentials = () => ({
  ...sandbox.credentials,
  environment: 'custom',
  apiBaseUrl: sandbox.baseUrl,
  tokenUrl: sandbox.tokenUrl,
});
const base = { resource: 'sms', operation: 'getAll' };
const JUNE = { from: '2025-06-01T00:00:00Z', to: '2025-06-30T23:59:59Z' };

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 5,
    clock: { mode: 'manual', start: '2025-07-10T12:00:00Z' },
    dataset: { from: '2025-05-01', to: '2025-07-10', records: 1_200, seed: 5 },
  });
});
afterAll(() => sandbox.stop());

const run = (ctx: ReturnType<typeof fakeContext>) => new ZoomContactCenter().execute.call(ctx.context);
const caught = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('Zoom Contact Center node: output', () => {
  it('emits one item per engagement, paired with the input item whose parameters produced it', async () => {
    const ctx = fakeContext({
      credentials: credentials(),
      items: [
        { ...base, returnAll: true, ...JUNE, filters: { direction: 'outbound' } },
        { ...base, returnAll: false, limit: 3, ...JUNE, options: { simplify: true } },
      ],
    });
    const [out] = await run(ctx);
    const first = out!.filter((i) => JSON.stringify(i.pairedItem) === '{"item":0}');
    const second = out!.filter((i) => JSON.stringify(i.pairedItem) === '{"item":1}');
    expect(first.length + second.length).toBe(out!.length);
    expect(first.map((i) => String(i.json.engagement_id)).sort()).toEqual(
      sandbox.groundTruth({ ...JUNE, direction: 'outbound' }),
    );
    expect(first[0]!.json).toHaveProperty('queues'); // the full record
    expect(second).toHaveLength(3);
    expect(second[0]!.json).toHaveProperty('agent_names');
    expect(second[0]!.json).not.toHaveProperty('queues');
  });
});

describe('Zoom Contact Center node: errors', () => {
  it('rejects bad input before any request, as a NodeOperationError naming the field and the item', async () => {
    const before = sandbox.stats().apiRequests;
    const error = await caught(
      run(
        fakeContext({
          credentials: credentials(),
          items: [{ ...base, returnAll: true, from: '2025-06-01T00:00:00Z' }],
        }),
      ),
    );
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toMatch(/^to: .* is missing but from is set/);
    expect((error as NodeOperationError).description).toMatch(/Fix: pass to as well/);
    expect((error as NodeOperationError).context.itemIndex).toBe(0);
    expect(sandbox.stats().apiRequests).toBe(before);
  });

  it('with Continue On Fail, a failing item becomes an error item paired with it and the others run', async () => {
    const [out] = await run(
      fakeContext({
        credentials: credentials(),
        continueOnFail: true,
        items: [
          { ...base, returnAll: false, limit: 2, ...JUNE },
          { ...base, returnAll: true, ...JUNE, filters: { countryIsoCodes: ['XXL'] } },
        ],
      }),
    );
    expect(out!.filter((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toHaveLength(2);
    const failed = out!.filter((i) => JSON.stringify(i.pairedItem) === '{"item":1}');
    expect(failed).toHaveLength(1);
    expect(String(failed[0]!.json.error)).toMatch(/^country_iso_codes: .*XXL/);
  });

  it('a wrong client secret is a NodeApiError that says which credential fields to check, without the secret', async () => {
    const error = await caught(
      run(
        fakeContext({
          credentials: { ...credentials(), clientSecret: 'wrong-secret-value' },
          items: [{ ...base, returnAll: true }],
        }),
      ),
    );
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).message).toMatch(/rejected the Server-to-Server OAuth credentials/);
    expect((error as NodeApiError).description).toMatch(/Account ID, Client ID and Client Secret/);
    expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
  });

  it('a spent daily quota is a NodeApiError with HTTP 429 and when it resets', async () => {
    sandbox.control.setRateLimit({ daily: 1 });
    try {
      const error = await caught(
        run(fakeContext({ credentials: credentials(), items: [{ ...base, returnAll: true, ...JUNE }] })),
      );
      expect(error).toBeInstanceOf(NodeApiError);
      expect((error as NodeApiError).httpCode).toBe('429');
      expect((error as NodeApiError).description).toMatch(
        /It resets at \d{4}-\d{2}-\d{2}T00:00:00.000Z; run the workflow again/,
      );
    } finally {
      sandbox.control.setRateLimit('none');
    }
  });
});

describe('Zoom Contact Center Trigger: Fetch Test Event', () => {
  // The trigger reads the real clock, so this sandbox holds the days up to the real now.
  const now = Math.floor(Date.now() / 1000) * 1000;
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  let recent: Sandbox;
  beforeAll(async () => {
    recent = await startSandbox({
      seed: 9,
      clock: { mode: 'manual', start: now },
      dataset: { from: iso(now - 10 * 86_400_000), to: iso(now), records: 300, seed: 9 },
    });
  });
  afterAll(() => recent.stop());

  const triggerContext = (parameters: Record<string, unknown>) =>
    fakeContext({
      credentials: {
        ...recent.credentials,
        environment: 'custom',
        apiBaseUrl: recent.baseUrl,
        tokenUrl: recent.tokenUrl,
      },
      mode: 'manual',
      items: [{ firstRun: 'now', lookbackMinutes: 60, filters: {}, options: {}, ...parameters }],
    });

  it('returns the most recently completed engagement and leaves the poll state alone', async () => {
    const ctx = triggerContext({});
    const result = (await new ZoomContactCenterTrigger().poll.call(ctx.context)) as Array<
      Array<{ json: { engagement_id: string } }>
    >;
    const records = recent.records({ from: iso(now - 7 * 86_400_000), to: iso(now + 1000) });
    const latest = [...records].sort((a, b) => String(b.end_time).localeCompare(String(a.end_time)))[0]!;
    expect(result[0]).toHaveLength(1);
    expect(result[0]![0]!.json.engagement_id).toBe(latest.engagement_id);
    expect(ctx.staticData).toEqual({});
  });

  it('says so when nothing matches, instead of returning nothing', async () => {
    const error = await caught(
      new ZoomContactCenterTrigger().poll.call(
        triggerContext({ filters: { engagementId: 'no-such-id' } }).context,
      ),
    );
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toMatch(
      /No SMS engagement matching the filters was completed in the last 7 days/,
    );
  });
});
