/**
 * The polling trigger in a real n8n 2.x (`n8n start`, workflow published so n8n activates it): the first
 * poll (at activation) emits the last days, later polls (every minute) emit only engagements Zoom listed
 * late — each exactly once, although every poll re-reads a 3-day look-back. Emitted items leave n8n through
 * an Aggregate + HTTP Request node to a collector in this test, one POST per trigger execution.
 *
 * Time: the sandbox clock is manual and starts at the real "now", with data up to then. Between polls the
 * test moves it forward, which makes late-arriving engagements (listed hours after they ended) visible,
 * without making any engagement newer than the real clock the trigger reads.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../scripts/build.mjs';
import { type PackedPackage, packPackage } from '../../scripts/pack.mts';
import { createN8nHome, type N8nHome, n8nInstallDir, type RunningN8n } from '../support/n8n-home.ts';
import { linearWorkflow, sandboxCredential, TRIGGER_TYPE } from '../support/workflows.ts';

const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / 1000) * 1000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const QUERY = { from: iso(T0 - 3 * 24 * HOUR), to: iso(T0 + 24 * HOUR) };

let sandbox: Sandbox;
let n8n: N8nHome;
let packed: PackedPackage | undefined;
let running: RunningN8n | undefined;
let collector: Server;
const batches: string[][] = [];

async function nextBatch(count: number, timeoutMs = 150_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (batches.length < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `no trigger execution #${count} within ${timeoutMs} ms; n8n said:\n${running?.output().slice(-4000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return batches[count - 1]!;
}

beforeAll(async () => {
  n8nInstallDir();
  await buildPackage();
  packed = packPackage();
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        data: Array<{ engagement_id: string }>;
      };
      batches.push(body.data.map((r) => r.engagement_id));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/batches`;

  sandbox = await startSandbox({
    seed: 77,
    clock: { mode: 'manual', start: T0 },
    dataset: { from: iso(T0 - 2 * 24 * HOUR), to: iso(T0), records: 1_500, lateFraction: 0.3, seed: 77 },
  });
  n8n = await createN8nHome(packed);
  await n8n.importCredentials([sandboxCredential('zccTriggerCred01', sandbox)]);
  await n8n.importWorkflows([
    linearWorkflow('zccTriggerFlow01', 'Zoom SMS trigger', [
      {
        name: 'Zoom Trigger',
        type: TRIGGER_TYPE,
        credentialId: 'zccTriggerCred01',
        parameters: {
          pollTimes: { item: [{ mode: 'everyMinute' }] },
          firstRun: 'lastDays',
          firstRunDays: 3,
          lookbackMinutes: 3 * 24 * 60,
          options: { simplify: true },
        },
      },
      {
        name: 'Aggregate',
        type: 'n8n-nodes-base.aggregate',
        parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'data', options: {} },
      },
      {
        name: 'Collect',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        parameters: {
          method: 'POST',
          url: collectorUrl,
          sendBody: true,
          specifyBody: 'json',
          jsonBody: '={{ JSON.stringify($json) }}',
          options: {},
        },
      },
    ]),
  ]);
  const published = await n8n.run(['publish:workflow', '--id=zccTriggerFlow01']);
  if (published.code !== 0)
    throw new Error(`publish:workflow failed:\n${published.stdout}\n${published.stderr}`);
  running = await n8n.start();
}, 300_000);

afterAll(async () => {
  await running?.stop();
  await sandbox?.stop();
  n8n?.remove();
  packed?.remove();
  await new Promise((r) => collector?.close(r));
});

describe('Zoom Contact Center Trigger in real n8n', () => {
  it('emits the last days on activation, then each late-listed engagement exactly once', async () => {
    const emitted: string[] = [];
    let expected = sandbox.groundTruth(QUERY);
    expect(expected.length).toBeGreaterThan(500);

    const first = await nextBatch(1);
    expect([...first].sort()).toEqual(expected);
    emitted.push(...first);

    for (const [poll, advanceHours] of [
      [2, 20],
      [3, 30],
    ] as const) {
      sandbox.control.clock.advance(advanceHours * HOUR);
      const now = sandbox.groundTruth(QUERY);
      const late = now.filter((id) => !expected.includes(id));
      expect(late.length, `late arrivals revealed before poll ${poll}`).toBeGreaterThan(0);
      const batch = await nextBatch(poll);
      expect([...batch].sort(), `poll ${poll} emits exactly the newly listed engagements`).toEqual(late);
      emitted.push(...batch);
      expected = now;
    }
    expect(new Set(emitted).size).toBe(emitted.length); // never twice
    expect([...emitted].sort()).toEqual(sandbox.groundTruth(QUERY)); // never lost
  });
});
