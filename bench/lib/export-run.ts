/**
 * One export through the core — the path `zcc-sms export` takes: plan (each month's first page, which is the
 * month's first page of the export too), then page every window. `split: 'steal'` splits busy months while
 * paging (the default since issue 13); `probe` is the bisecting planner before it, kept as a baseline.
 */
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
  readonly recordsServed: number;
  readonly planned: number;
  readonly rateLimited: number;
  readonly cpuMs: number;
  readonly windows: number;
  readonly concurrency: number;
  readonly steals: number;
  readonly pageTokenRestarts: number;
}

export async function runExport(
  sandbox: RemoteSandbox,
  time: SimTime,
  query: { from: string; to: string },
  budget: { perSecond: number; daily: number },
  favor: Favor,
  split: 'steal' | 'probe',
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
  const { estimate, windows, concurrency, prefetched } = await planExport(client, query, { favor, split });
  const ids = new Set<string>();
  let records = 0;
  for await (const page of client.sms.pages(query, {
    windows,
    concurrency,
    prefetched,
    estimate,
    steal: split === 'steal',
  })) {
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
    recordsServed: after.recordsServed - before.recordsServed,
    planned: estimate.totalRequests + estimate.probeRequests,
    rateLimited:
      after.rateLimited.perSecond +
      after.rateLimited.daily -
      before.rateLimited.perSecond -
      before.rateLimited.daily,
    cpuMs: (used.user + used.system) / 1000,
    windows: windows.length,
    concurrency,
    steals: client.stats().steals,
    pageTokenRestarts: client.stats().pageTokenRestarts,
  };
}
