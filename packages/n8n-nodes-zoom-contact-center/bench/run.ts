/**
 * Benchmark in a real n8n 2.41 (prints figures; bounded to a few minutes):
 *   1. Get Many, Return All, over 50,000 records in 13 months: wall time of `n8n execute`, the node's own
 *      execution time, and peak RSS of the n8n process tree.
 *   2. One month — the most n8n's generic HTTP Request node can do, since it neither splits months nor
 *      refreshes a Server-to-Server token — with this node and with HTTP Request + built-in pagination
 *      (100 ms between pages to stay under the Business limit), as ratios measured in the same run.
 * The sandbox enforces Zoom's Business limits (10 requests/s); both ways pace to them.
 *
 *   node bench/run.ts           (after `pnpm build`; needs scripts/bootstrap's n8n)
 */
import { startSandbox } from '@zcc-sms/sandbox';
import { buildPackage } from '../scripts/build.mjs';
import { packPackage } from '../scripts/pack.mts';
import { createN8nHome, type ExecuteResult, nodeOutput } from '../test/support/n8n-home.ts';
import { linearWorkflow, manualTrigger, NODE_TYPE, sandboxCredential } from '../test/support/workflows.ts';

const RECORDS = 50_000;
const YEAR = { from: '2025-01-01T00:00:00Z', to: '2026-01-31T23:59:59Z' };
const MONTH = { from: '2025-06-01T00:00:00Z', to: '2025-06-30T23:59:59Z' };

await buildPackage();
const sandbox = await startSandbox({
  seed: 50,
  dataset: { from: '2025-01-01', to: '2026-01-31', records: RECORDS, seed: 50 },
  rateLimit: 'business',
});
const packed = packPackage();
const n8n = await createN8nHome(packed);
try {
  const token = await fetch(
    `${sandbox.tokenUrl}?grant_type=account_credentials&account_id=${sandbox.credentials.accountId}`,
    {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sandbox.credentials.clientId}:${sandbox.credentials.clientSecret}`).toString('base64')}`,
      },
    },
  ).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
  await n8n.importCredentials([
    sandboxCredential('zccBenchCred0001', sandbox),
    {
      id: 'zccBenchHeader01',
      name: 'Bearer',
      type: 'httpHeaderAuth',
      data: { name: 'Authorization', value: `Bearer ${token}` },
    },
  ]);
  const getMany = (id: string, range: typeof YEAR) =>
    linearWorkflow(id, id, [
      manualTrigger(),
      {
        name: 'Get SMS',
        type: NODE_TYPE,
        credentialId: 'zccBenchCred0001',
        parameters: {
          resource: 'sms',
          operation: 'getAll',
          returnAll: true,
          ...range,
          options: { plan: 'business' },
        },
      },
    ]);
  const httpNode = linearWorkflow('zccBenchHttpMon1', 'http', [
    manualTrigger(),
    {
      name: 'Get SMS',
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      parameters: {
        url: `${sandbox.baseUrl}/contact_center/sms`,
        authentication: 'genericCredentialType',
        genericAuthType: 'httpHeaderAuth',
        sendQuery: true,
        queryParameters: {
          parameters: [
            { name: 'from', value: MONTH.from },
            { name: 'to', value: MONTH.to },
            { name: 'page_size', value: '100' },
          ],
        },
        options: {
          pagination: {
            pagination: {
              parameters: {
                parameters: [{ name: 'next_page_token', value: '={{ $response.body.next_page_token }}' }],
              },
              paginationCompleteWhen: 'other',
              completeExpression: '={{ !$response.body.next_page_token }}',
              requestInterval: 100,
            },
          },
        },
      },
    },
  ]);
  const workflows = [getMany('zccBenchYear0001', YEAR), getMany('zccBenchMonth001', MONTH), httpNode];
  (workflows[2]!.nodes[1] as Record<string, unknown>).credentials = {
    httpHeaderAuth: { id: 'zccBenchHeader01', name: 'Bearer' },
  };
  await n8n.importWorkflows(workflows);

  const nodeMs = (r: ExecuteResult) =>
    (r.run.data.resultData.runData['Get SMS']?.[0] as { executionTime?: number } | undefined)
      ?.executionTime ?? Number.NaN;
  const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
  const check = (r: ExecuteResult, what: string) => {
    if (r.status !== 'success')
      throw new Error(`${what} failed: ${JSON.stringify(r.run.data.resultData.error)}`);
  };

  const year = await n8n.execute('zccBenchYear0001');
  check(year, '13 months');
  const yearIds = new Set(nodeOutput(year.run, 'Get SMS').map((i) => String(i.json.engagement_id)));
  const yearTruth = sandbox.groundTruth(YEAR);
  const yearExact = yearIds.size === yearTruth.length && yearTruth.every((id) => yearIds.has(id));

  const month = await n8n.execute('zccBenchMonth001');
  check(month, 'one month, this node');
  const http = await n8n.execute('zccBenchHttpMon1');
  check(http, 'one month, HTTP Request');
  const monthRecords = nodeOutput(month.run, 'Get SMS').length;
  const httpRecords = nodeOutput(http.run, 'Get SMS').reduce(
    (n, page) => n + ((page.json.sms as unknown[]) ?? []).length,
    0,
  );

  const lines = [
    `n8n 2.41.1, sandbox with Business limits (10 requests/s), ${RECORDS.toLocaleString('en')} records over 13 months`,
    '',
    '| run | records | n8n execute wall | node time | peak RSS (n8n + runners) |',
    '|---|---|---|---|---|',
    `| Get Many, 13 months, Return All | ${yearIds.size.toLocaleString('en')} (exact: ${yearExact}) | ${(year.wallMs / 1000).toFixed(1)} s | ${(nodeMs(year) / 1000).toFixed(1)} s | ${mb(year.peakRssKb)} |`,
    `| Get Many, 1 month | ${monthRecords.toLocaleString('en')} | ${(month.wallMs / 1000).toFixed(1)} s | ${(nodeMs(month) / 1000).toFixed(1)} s | ${mb(month.peakRssKb)} |`,
    `| HTTP Request + pagination, 1 month | ${httpRecords.toLocaleString('en')} | ${(http.wallMs / 1000).toFixed(1)} s | ${(nodeMs(http) / 1000).toFixed(1)} s | ${mb(http.peakRssKb)} |`,
    '',
    `1 month, this node ÷ HTTP Request: node time ×${(nodeMs(month) / nodeMs(http)).toFixed(2)}, wall ×${(month.wallMs / http.wallMs).toFixed(2)}, peak RSS ×${((month.peakRssKb ?? 0) / (http.peakRssKb ?? 1)).toFixed(2)}`,
    `13 months: ${((yearIds.size / nodeMs(year)) * 1000).toFixed(0)} records/s inside the node; sandbox saw ${sandbox.stats().apiRequests} API requests in total`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await sandbox.stop();
  n8n.remove();
  packed.remove();
}
