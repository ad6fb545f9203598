/**
 * Runs the CLI as a user does: `node apps/cli/src/bin.ts …` in a child process, with only the environment
 * the test gives (plus PATH/HOME), capturing stdout, stderr and the exit code.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxEnv } from '@zcc-sms/sandbox';

export const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Added to the base environment (the sandbox's `env` fits as it is). */
  readonly env?: Readonly<Record<string, string | undefined>> | SandboxEnv;
  readonly cwd?: string;
  /** Kill after this long (default 60 s) so a hanging CLI fails the test instead of the suite. */
  readonly timeoutMs?: number;
  /** Called with each stderr chunk as it arrives (to react to messages while the CLI runs). */
  readonly onStderr?: (text: string, child: ChildProcess) => void;
  readonly onStdout?: (text: string, child: ChildProcess) => void;
}

/** The parent environment minus anything that would configure the CLI behind the test's back. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      key.startsWith('ZOOM_') ||
      (key.startsWith('TEMPORAL_') && key !== 'TEMPORAL_CLI_PATH')
    )
      continue;
    env[key] = value;
  }
  return env;
}

/** `undefined` in `extra` removes the variable. */
function childEnv(extra: CliOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = baseEnv();
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(chunk, child);
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(stderr, child);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
