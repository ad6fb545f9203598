/**
 * Sandbox benchmark: how fast it serves 100-record pages from a 5,000,000-record data set, and what that
 * data set costs in memory. The sandbox runs in a child process (the bin) so its CPU time and memory are
 * measured on their own; the client is a plain keep-alive http.Agent with a few concurrent token chains.
 * Bounded: a few seconds per phase, then it stops by itself.
 *
 *   pnpm --filter @zcc-sms/sandbox bench            # defaults below
 *   BENCH_RECORDS=1000000 BENCH_SECONDS=3 pnpm --filter @zcc-sms/sandbox bench
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 100);
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Reply {
  status: number;
  body: string;
}

function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const started = performance.now();
const child = spawn(
  process.execPath,
  [
    BIN,
    '--records',
    String(RECORDS),
    '--from',
    '2025-01-01',
    '--to',
    '2026-01-31',
    '--clock',
    'manual:2026-03-01T00:00:00Z',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const env: Record<string, string> = {};
for await (const line of createInterface({ input: child.stdout })) {
  const m = /^export (\w+)=(.*)$/.exec(line);
  if (m) env[m[1]!] = m[2]!;
  if (Object.keys(env).length === 5) break;
}
const startupMs = performance.now() - started;
const admin = env.ZOOM_API_BASE_URL!.replace(/\/v2$/, '/_sandbox');
const processInfo = async () =>
  JSON.parse((await call(`${admin}/process`)).body) as {
    memory: NodeJS.MemoryUsage;
    cpu: NodeJS.CpuUsage;
  };

try {
  const mem = (await processInfo()).memory;
  console.log(
    `data set: ${RECORDS.toLocaleString('en-US')} records over 13 months, started in ${(startupMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `memory:   RSS ${mem.rss > 0 ? mb(mem.rss) : '?'}, heap used ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)}`,
  );

  const basic = Buffer.from(`${env.ZOOM_CLIENT_ID}:${env.ZOOM_CLIENT_SECRET}`).toString('base64');
  const tokenReply = await call(
    `${env.ZOOM_OAUTH_TOKEN_URL}?grant_type=account_credentials&account_id=${env.ZOOM_ACCOUNT_ID}`,
    { method: 'POST', headers: { authorization: `Basic ${basic}` } },
  );
  const token = (JSON.parse(tokenReply.body) as { access_token: string }).access_token;
  const headers = { authorization: `Bearer ${token}` };
  const query = `from=2025-06-01&to=2025-06-30&page_size=${PAGE_SIZE}`;

  const phase = async (label: string): Promise<void> => {
    const cpuBefore = (await processInfo()).cpu;
    const deadline = performance.now() + SECONDS * 1000;
    let pages = 0;
    let records = 0;
    const worker = async (): Promise<void> => {
      let next = '';
      while (performance.now() < deadline) {
        const url = `${env.ZOOM_API_BASE_URL}/contact_center/sms?${query}${next ? `&next_page_token=${next}` : ''}`;
        const r = await call(url, { headers });
        if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.body}`);
        const body = JSON.parse(r.body) as { next_page_token: string; sms: unknown[] };
        pages++;
        records += body.sms.length;
        next = encodeURIComponent(body.next_page_token);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const wallSec = (performance.now() - t0) / 1000;
    const cpuAfter = (await processInfo()).cpu;
    const serverCpuSec = (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 1e6;
    console.log(
      `${label}: ${Math.round(pages / wallSec)} pages/s wall (${CONCURRENCY} concurrent, client on the same machine), ` +
        `${Math.round(pages / serverCpuSec)} pages per sandbox CPU-second, ${records.toLocaleString('en-US')} records`,
    );
  };

  await phase('start_time');
  const t0 = performance.now();
  await call(`${admin}/variants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ boundField: 'end_time' }),
  });
  await call(`${env.ZOOM_API_BASE_URL}/contact_center/sms?${query}`, { headers });
  console.log(`end_time index built on first use in ${Math.round(performance.now() - t0)} ms`);
  await phase('end_time  ');
  const after = (await processInfo()).memory;
  console.log(
    `memory after both indexes: RSS ${mb(after.rss)}, heap used ${mb(after.heapUsed)}, array buffers ${mb(after.arrayBuffers)}`,
  );
} finally {
  agent.destroy();
  child.kill('SIGTERM');
}
