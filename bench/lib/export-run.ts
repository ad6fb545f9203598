/** One export through the core — the same path `zcc-sms export` takes: plan, then page every window. */
import { createZoomClient, type Favor, planExport } from '@zcc-sms/core';
import { createUndiciTransport } from '@zcc-sms/core/node';
import type { SimTime } from './sandbox-clock.ts';
import type { RemoteSandbox } from './sandbox-process.ts';

export interface ExportResult {
  readonly records: number;
  readonly unique: number;
  /** Sandbox-time ms from the first probe to the last record. */
  readonly wallMs: number;
  readonly requests: number;
  readonly planned: number;
  readonly rateLimited: number;
  readonly cpuMs: number;
  readonly windows: number;
  readonly concurrency: number;
  readonly effectiveRate: number;
  readonly retries: number;
  readonly pageTokenRestarts: number;
}

export async function runExport(
  sandbox: RemoteSandbox,
  time: SimTime,
  query: { from: string; to: string },
  budget: { perSecond: number; daily: number },
  favor: Favor,
): Promise<ExportResult> {
  const http = createUndiciTransport();
  const client = createZoomClient({
    auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
    baseUrl: sandbox.baseUrl,
    transport: http.transport,
    clock: time.clock,
    sleep: time.sleep,
    budget,
  });
  const before = await sandbox.stats();
  const cpu = process.cpuUsage();
  const start = time.clock.now();
  const { estimate, windows, concurrency, prefetched } = await planExport(client, query, { favor });
  const ids = new Set<string>();
  let records = 0;
  for await (const page of client.sms.pages(query, { windows, concurrency, prefetched, estimate })) {
    for (const r of page.records) ids.add(r.engagement_id);
    records += page.records.length;
  }
  const wallMs = time.clock.now() - start;
  const used = process.cpuUsage(cpu);
  const after = await sandbox.stats();
  await http.close();
  return {
    records,
    unique: ids.size,
    wallMs,
    requests: after.apiRequests - before.apiRequests,
    planned: estimate.totalRequests + estimate.probeRequests,
    rateLimited:
      after.rateLimited.perSecond +
      after.rateLimited.daily -
      before.rateLimited.perSecond -
      before.rateLimited.daily,
    cpuMs: (used.user + used.system) / 1000,
    windows: windows.length,
    concurrency,
    effectiveRate: client.stats().rate,
    retries: client.stats().retries,
    pageTokenRestarts: client.stats().pageTokenRestarts,
  };
}
