/**
 * A real n8n 2.x for end-to-end tests: the n8n that scripts/bootstrap installs outside the repo
 * ($ZCC_N8N_DIR), a fresh user folder with this package installed as a community package from its packed
 * tarball, its own ports, SQLite, and the CLI commands the tests need (import, execute, start).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, killProcessGroup } from '@zcc-sms/testkit';
import { PACKAGE_NAME, type PackedPackage } from '../../scripts/pack.mts';

export const N8N_VERSION = '2.41.1';

/** The n8n install, or a clear failure: the e2e tests never skip silently. */
export function n8nInstallDir(): string {
  const dir = process.env.ZCC_N8N_DIR ?? path.join(homedir(), '.cache', 'zcc-sms', `n8n-${N8N_VERSION}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'n8n');
  if (!existsSync(bin) || !existsSync(path.join(dir, '.complete'))) {
    throw new Error(
      `n8n ${N8N_VERSION} is not installed at ${dir} (looked for ${bin} and .complete). ` +
        'Run scripts/bootstrap (it installs n8n outside the repo), then `. scripts/env.sh`.',
    );
  }
  return dir;
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface N8nHome {
  readonly userFolder: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs an n8n CLI command to completion (async: the sandbox lives in this process and must keep serving). */
  run(args: string[], options?: { timeoutMs?: number }): Promise<CommandResult>;
  /** `n8n start` in the background. */
  start(): Promise<RunningN8n>;
  importCredentials(credentials: unknown[]): Promise<void>;
  importWorkflows(workflows: unknown[]): Promise<void>;
  /** `n8n execute --id … --rawOutput`: the run data as JSON. */
  execute(workflowId: string): Promise<ExecuteResult>;
  remove(): void;
}

export interface RunningN8n {
  readonly process: ChildProcess;
  readonly port: number;
  output(): string;
  stop(): Promise<void>;
}

export interface ExecuteResult {
  readonly status: string | undefined;
  readonly run: RunData;
  readonly wallMs: number;
  readonly peakRssKb: number | undefined;
}

export interface RunData {
  status?: string;
  data: {
    resultData: {
      error?: { message?: string; description?: string; httpCode?: string };
      runData: Record<
        string,
        Array<{
          data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> };
          error?: { message?: string };
        }>
      >;
    };
  };
}

/** Items a node emitted on its first output, in the run data of `n8n execute --rawOutput`. */
export function nodeOutput(
  run: RunData,
  nodeName: string,
): Array<{ json: Record<string, unknown>; pairedItem?: unknown }> {
  return run.data.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? [];
}

/** `--rawOutput` prints the run as pretty JSON after n8n's start-up log lines: it starts at a line `{`. */
function parseRawOutput(stdout: string): RunData {
  const start = stdout.startsWith('{\n') ? 0 : stdout.indexOf('\n{\n') + 1;
  const end = stdout.lastIndexOf('\n}') + 1;
  if ((start <= 0 && !stdout.startsWith('{')) || end <= start)
    throw new Error(`n8n execute printed no JSON:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(stdout.slice(start, end + 1)) as RunData;
}

/** Creates a user folder with the packed package installed under .n8n/nodes (as n8n installs community packages). */
export async function createN8nHome(packed: PackedPackage): Promise<N8nHome> {
  const installDir = n8nInstallDir();
  const bin = path.join(installDir, 'node_modules', '.bin', 'n8n');
  const userFolder = mkdtempSync(path.join(tmpdir(), 'zcc-n8n-home-'));
  const nodesDir = path.join(userFolder, '.n8n', 'nodes');
  mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
  cpSync(packed.dir, path.join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true });
  writeFileSync(
    path.join(nodesDir, 'package.json'),
    JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: '*' } }),
  );
  // Not the test runner's environment: n8n silences its logger under NODE_ENV=test (and vitest sets it).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'NODE_OPTIONS',
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'production',
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    N8N_PORT: String(await freePort()),
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_SECURE_COOKIE: 'false',
    // `n8n execute` prints its result through the logger at info level.
    N8N_LOG_LEVEL: 'info',
    N8N_EXPRESSION_ENGINE: 'legacy',
    DB_TYPE: 'sqlite',
    GENERIC_TIMEZONE: 'UTC',
    TZ: 'UTC',
  };

  const run = (args: string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(bin, args, {
        env,
        cwd: userFolder,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      const timer = setTimeout(() => {
        void killProcessGroup(child, 2_000);
        reject(new Error(`n8n ${args.join(' ')} did not finish in ${options.timeoutMs ?? 300_000} ms`));
      }, options.timeoutMs ?? 300_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({
          code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        });
      });
    });

  const importFile = async (kind: 'credentials' | 'workflow', data: unknown[]): Promise<void> => {
    const file = path.join(userFolder, `${kind}-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(file, JSON.stringify(data));
    const result = await run([`import:${kind}`, `--input=${file}`]);
    rmSync(file, { force: true });
    if (result.code !== 0)
      throw new Error(`n8n import:${kind} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  };

  return {
    userFolder,
    env,
    run,
    importCredentials: (credentials) => importFile('credentials', credentials),
    importWorkflows: (workflows) => importFile('workflow', workflows),
    async execute(workflowId) {
      const started = Date.now();
      // stdout goes to a file, not a pipe: n8n exits right after printing several MB of run data, and
      // writes to a pipe still queued at exit are lost (writes to a file are synchronous in Node).
      const outFile = path.join(userFolder, `execute-${randomBytes(4).toString('hex')}.out`);
      const errFile = `${outFile}.err`;
      const outFd = openSync(outFile, 'w');
      const errFd = openSync(errFile, 'w');
      const child = spawn(bin, ['execute', `--id=${workflowId}`, '--rawOutput'], {
        env,
        cwd: userFolder,
        detached: true,
        stdio: ['ignore', outFd, errFd],
      });
      closeSync(outFd);
      closeSync(errFd);
      // Peak RSS without external tools (/usr/bin/time is not guaranteed): sample VmHWM while it runs.
      let peakRssKb: number | undefined;
      const sampler = setInterval(() => {
        const kb = readHighWaterKb(child.pid);
        if (kb !== undefined) peakRssKb = Math.max(peakRssKb ?? 0, kb);
      }, 200);
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      clearInterval(sampler);
      const wallMs = Date.now() - started;
      const stdout = readFileSync(outFile, 'utf8');
      const stderr = readFileSync(errFile, 'utf8');
      rmSync(outFile, { force: true });
      rmSync(errFile, { force: true });
      let run: RunData;
      try {
        run = parseRawOutput(stdout);
      } catch (error) {
        throw new Error(
          `n8n execute exited ${code}: ${(error as Error).message.slice(0, 300)}\nstdout tail: ${stdout.slice(-1500)}\nstderr: ${stderr.slice(-3000)}`,
        );
      }
      return { status: run.status, run, wallMs, peakRssKb };
    },
    async start() {
      const port = Number(env.N8N_PORT);
      const child = spawn(bin, ['start'], {
        env,
        cwd: userFolder,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks: string[] = [];
      child.stdout?.on('data', (b: Buffer) => chunks.push(b.toString('utf8')));
      child.stderr?.on('data', (b: Buffer) => chunks.push(b.toString('utf8')));
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`n8n start exited ${child.exitCode}:\n${chunks.join('')}`);
        const ready = await fetch(`http://127.0.0.1:${port}/healthz/readiness`).then(
          (r) => r.ok,
          () => false,
        );
        if (ready) break;
        if (Date.now() > deadline) {
          await killProcessGroup(child);
          throw new Error(`n8n start was not ready in 120 s:\n${chunks.join('')}`);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      return {
        process: child,
        port,
        output: () => chunks.join(''),
        stop: () => killProcessGroup(child, 10_000),
      };
    },
    remove() {
      rmSync(userFolder, { recursive: true, force: true });
    },
  };
}

/** Peak resident set size (VmHWM) of a process and its direct children, in kB (Linux /proc). */
function readHighWaterKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    let total = 0;
    const status = (p: number) => /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1];
    total += Number(status(pid) ?? 0);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children.split(/\s+/).filter(Boolean)) total += Number(status(Number(c)) ?? 0);
    }
    return total;
  } catch {
    return undefined;
  }
}
