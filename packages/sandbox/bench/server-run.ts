/**
 * One server under test in its own child process (a build of the sandbox bin, or the bare floor server),
 * and the load phases driven against it: keep-alive chains of `next_page_token` requests.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';

export interface PhaseSample {
  pages: number;
  records: number;
  wallSec: number;
  serverCpuSec: number;
  serverSystemSec: number;
  clientCpuSec: number;
}

export interface Target {
  label: string;
  startupMs: number;
  api: string;
  processInfo(): Promise<{ memory: NodeJS.MemoryUsage; cpu: NodeJS.CpuUsage }>;
  /** Runs `chains` concurrent page chains for `seconds`; chain k of `phase` resumes where it stopped last time. */
  run(phase: number, pageSize: number, seconds: number): Promise<PhaseSample>;
  call(path: string, init?: CallInit): Promise<Reply>;
  /** The raw bytes of a first page of June 2025 (with the target's token). */
  firstPage(pageSize: number): Promise<Buffer>;
  stop(): void;
}

interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface Reply {
  status: number;
  body: Buffer;
}

function call(agent: Agent, url: string, init: CallInit = {}): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const TOKEN_HEAD = Buffer.from('{"next_page_token":"');
const RECORD_OPEN = Buffer.from('{"direction":"');

/** The page token and record count of a page without parsing 65 KB of JSON (the head comes first). */
function skim(body: Buffer): { next: string; records: number } {
  if (!body.subarray(0, TOKEN_HEAD.length).equals(TOKEN_HEAD)) throw new Error('unexpected page head');
  const end = body.indexOf(0x22, TOKEN_HEAD.length);
  let records = 0;
  for (let i = body.indexOf(RECORD_OPEN); i >= 0; i = body.indexOf(RECORD_OPEN, i + RECORD_OPEN.length)) {
    records++;
  }
  return { next: body.toString('latin1', TOKEN_HEAD.length, end), records };
}

/** Spawns `node <script> ...args` and waits for the `export` lines a sandbox bin prints (1 for the floor). */
export async function startTarget(
  label: string,
  script: string,
  args: string[],
  concurrency: number,
): Promise<Target> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const env: Record<string, string> = {};
  const expected = args.length === 0 ? 1 : 5;
  for await (const line of createInterface({ input: child.stdout })) {
    const m = /^export (\w+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
    if (Object.keys(env).length === expected) break;
  }
  if (!env.ZOOM_API_BASE_URL) throw new Error(`${script} did not start`);
  const startupMs = performance.now() - started;
  const api = env.ZOOM_API_BASE_URL;
  const origin = api.replace(/\/v2$/, '');
  const headers: Record<string, string> = {};
  const chains = new Map<string, string>();

  const target = {
    label,
    startupMs,
    api,
    call: (path: string, init?: CallInit) => call(agent, origin + path, init),
    firstPage: async (pageSize: number) =>
      (
        await call(agent, `${api}/contact_center/sms?from=2025-06-01&to=2025-06-28&page_size=${pageSize}`, {
          headers,
        })
      ).body,
    processInfo: async () =>
      JSON.parse((await call(agent, `${origin}/_sandbox/process`)).body.toString()) as {
        memory: NodeJS.MemoryUsage;
        cpu: NodeJS.CpuUsage;
      },
    run: async (phase: number, pageSize: number, seconds: number): Promise<PhaseSample> => {
      const cpuBefore = (await target.processInfo()).cpu;
      const clientBefore = process.cpuUsage();
      const t0 = performance.now();
      const deadline = t0 + seconds * 1000;
      let pages = 0;
      let records = 0;
      const worker = async (k: number): Promise<void> => {
        // Chain k of a phase pages its own month of 2025 and resumes there, so no record is served twice;
        // warm-up (phase -1) pages January 2026.
        const month =
          phase < 0 ? '2026-01' : `2025-${String(((phase * concurrency + k) % 12) + 1).padStart(2, '0')}`;
        const query = `from=${month}-01&to=${month}-28&page_size=${pageSize}`;
        const key = `${phase}/${k}`;
        while (performance.now() < deadline) {
          const next = chains.get(key) ?? '';
          const url = `${api}/contact_center/sms?${query}${next ? `&next_page_token=${next}` : ''}`;
          const r = await call(agent, url, { headers });
          if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.body.toString()}`);
          const page = skim(r.body);
          if (pages % 16 === 0) {
            const parsed = JSON.parse(r.body.toString('utf8')) as { next_page_token: string; sms: unknown[] };
            if (parsed.sms.length !== page.records || parsed.next_page_token !== page.next) {
              throw new Error('skimmed page disagrees with JSON.parse');
            }
          }
          pages++;
          records += page.records;
          chains.set(key, encodeURIComponent(page.next));
        }
      };
      await Promise.all(Array.from({ length: concurrency }, (_, k) => worker(k)));
      const wallSec = (performance.now() - t0) / 1000;
      const client = process.cpuUsage(clientBefore);
      const cpuAfter = (await target.processInfo()).cpu;
      return {
        pages,
        records,
        wallSec,
        serverCpuSec: (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 1e6,
        serverSystemSec: (cpuAfter.system - cpuBefore.system) / 1e6,
        clientCpuSec: (client.user + client.system) / 1e6,
      };
    },
    stop: () => {
      agent.destroy();
      child.kill('SIGTERM');
    },
  };
  if (env.ZOOM_OAUTH_TOKEN_URL) {
    const basic = Buffer.from(`${env.ZOOM_CLIENT_ID}:${env.ZOOM_CLIENT_SECRET}`).toString('base64');
    const reply = await call(
      agent,
      `${env.ZOOM_OAUTH_TOKEN_URL}?grant_type=account_credentials&account_id=${env.ZOOM_ACCOUNT_ID}`,
      { method: 'POST', headers: { authorization: `Basic ${basic}` } },
    );
    headers.authorization = `Bearer ${(JSON.parse(reply.body.toString()) as { access_token: string }).access_token}`;
  }
  return target;
}

export function sandboxArgs(records: number): string[] {
  return [
    '--records',
    String(records),
    '--from',
    '2025-01-01',
    '--to',
    '2026-01-31',
    '--clock',
    'manual:2026-03-01T00:00:00Z',
  ];
}
