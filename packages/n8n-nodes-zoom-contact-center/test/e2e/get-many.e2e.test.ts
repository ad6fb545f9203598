/**
 * Get Many in a real n8n 2.x: the packed package installed as a community package, a credential and a
 * workflow imported with n8n's CLI, run with `n8n execute`, against the sandbox over real HTTP — 13 months
 * (13 month windows), with access tokens that die every few requests, page tokens rejected, per-second
 * 429 bursts and 5xx answers in the same run. The emitted engagement ids must equal the sandbox's ground truth.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../scripts/build.mjs';
import { type PackedPackage, packPackage } from '../../scripts/pack.mts';
import { createN8nHome, type N8nHome, n8nInstallDir, nodeOutput } from '../support/n8n-home.ts';
import { linearWorkflow, manualTrigger, NODE_TYPE, sandboxCredential } from '../support/workflows.ts';

const RANGE = { from: '2025-01-01T00:00:00Z', to: '2026-01-31T23:59:59Z' };

let sandbox: Sandbox;
let n8n: N8nHome;
let packed: PackedPackage | undefined;

beforeAll(async () => {
  n8nInstallDir(); // fails with a clear message when n8n is not installed
  await buildPackage();
  packed = packPackage();
  sandbox = await startSandbox({
    seed: 2041,
    dataset: { from: '2025-01-01', to: '2026-01-31', records: 12_000, seed: 2041 },
    rateLimit: 'business',
    faults: {
      revokeTokenAfterUses: 15,
      pageTokenExpired: { everyNth: 23 },
      rateLimitBurst: { everyNth: 31, length: 3 },
      internalError: { everyNth: 47 },
      badGateway: { everyNth: 89 },
    },
  });
  n8n = await createN8nHome(packed);
  await n8n.importCredentials([sandboxCredential('zccSandboxCred01', sandbox)]);
  await n8n.importWorkflows([
    linearWorkflow('zccGetMany13Mon1', 'Zoom SMS: 13 months', [
      manualTrigger(),
      {
        name: 'Get SMS',
        type: NODE_TYPE,
        credentialId: 'zccSandboxCred01',
        parameters: {
          resource: 'sms',
          operation: 'getAll',
          returnAll: true,
          ...RANGE,
          options: { plan: 'business' },
        },
      },
    ]),
    linearWorkflow('zccGetManyLimit1', 'Zoom SMS: filtered, limit', [
      manualTrigger(),
      {
        name: 'Get SMS',
        type: NODE_TYPE,
        credentialId: 'zccSandboxCred01',
        parameters: {
          resource: 'sms',
          operation: 'getAll',
          returnAll: false,
          limit: 7,
          from: '2025-06-01T00:00:00Z',
          to: '2025-08-31T23:59:59Z',
          filters: { direction: 'inbound', countryIsoCodes: ['US', 'GB'] },
          options: { simplify: true },
        },
      },
    ]),
  ]);
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
  n8n?.remove();
  packed?.remove();
});

describe('Get Many in real n8n', () => {
  it('returns every engagement of 13 months exactly once through token expiry, page-token expiry, 429s and 5xx', async () => {
    const result = await n8n.execute('zccGetMany13Mon1');
    expect(result.run.data.resultData.error).toBeUndefined();
    expect(result.status).toBe('success');
    const items = nodeOutput(result.run, 'Get SMS');
    const ids = items.map((item) => String(item.json.engagement_id));
    const truth = sandbox.groundTruth(RANGE);
    expect(truth.length).toBeGreaterThan(11_000);
    expect(new Set(ids).size).toBe(ids.length); // nothing duplicated
    expect([...ids].sort()).toEqual(truth); // nothing lost
    expect(items.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);

    const stats = sandbox.stats();
    expect(stats.byStatus['401'] ?? 0).toBeGreaterThan(0); // tokens died mid-run…
    expect(stats.tokensIssued).toBeGreaterThan(2); // …and n8n fetched new ones
    expect(stats.byStatus['400'] ?? 0).toBeGreaterThan(0); // page tokens rejected (windows restarted)
    expect(stats.rateLimited.perSecond).toBeGreaterThan(0); // 429 bursts
    expect(stats.byStatus['500'] ?? 0).toBeGreaterThan(0);
    process.stdout.write(
      `e2e get-many: ${ids.length} engagements in ${result.wallMs} ms; sandbox ${JSON.stringify({
        api: stats.apiRequests,
        byStatus: stats.byStatus,
        tokensIssued: stats.tokensIssued,
        rateLimited: stats.rateLimited,
      })}\n`,
    );
  });

  it('stores the access token with the credential and reuses it in the next execution; maps filters and the limit', async () => {
    sandbox.control.setFaults({});
    const tokensBefore = sandbox.stats().tokensIssued;
    const result = await n8n.execute('zccGetManyLimit1');
    expect(result.status).toBe('success');
    expect(sandbox.stats().tokensIssued).toBe(tokensBefore); // the stored token, no new one

    const items = nodeOutput(result.run, 'Get SMS');
    const truth = new Set(
      sandbox.groundTruth({
        from: '2025-06-01T00:00:00Z',
        to: '2025-08-31T23:59:59Z',
        direction: 'inbound',
        country_iso_codes: ['US', 'GB'],
      }),
    );
    expect(items).toHaveLength(7);
    for (const item of items) {
      expect(truth.has(String(item.json.engagement_id))).toBe(true);
      expect(Object.keys(item.json).sort()).toEqual(
        [
          'agent_names',
          'consumer_number',
          'contact_center_number',
          'country_name',
          'direction',
          'end_time',
          'engagement_id',
          'queue_id',
          'queue_name',
          'start_time',
          'total_received_messages',
          'total_sent_messages',
        ].sort(),
      );
    }
    const requests = sandbox.control.requestLog(50).filter((r) => r.path.endsWith('/contact_center/sms'));
    const last = requests.at(-1)!;
    expect(last.query).toMatchObject({
      direction: 'inbound',
      country_iso_codes: ['US', 'GB'],
      page_size: '7',
    });
  });
});
