/**
 * `worker-main.ts` in a child process, for tests that kill or stop a worker the way an operator would
 * (SIGKILL, SIGTERM): the harness's sandbox, Temporal dev server, task queue and workflow bundle.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { Harness } from './helpers.ts';

const WORKER_MAIN = fileURLToPath(new URL('../../src/worker-main.ts', import.meta.url));

/** Worker processes started by a test file: kill what is left in `afterAll`. */
export function workerProcesses(harness: () => Harness) {
  const children: ChildProcess[] = [];
  return {
    /** Starts a worker; `env` adds to (or overrides) its environment. */
    spawn(env: Record<string, string> = {}): ChildProcess {
      const h = harness();
      const child = spawn(process.execPath, [WORKER_MAIN], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...h.sandbox.env,
          TEMPORAL_ADDRESS: inject('zccTemporalAddress'),
          TEMPORAL_NAMESPACE: 'default',
          ZCC_TASK_QUEUE: h.taskQueue,
          ZCC_WORKFLOW_BUNDLE: inject('zccWorkflowBundle'),
          ZCC_LOG_LEVEL: 'warn',
          ...env,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      return child;
    },
    /** SIGKILLs a worker and waits until it is gone. */
    async kill(child: ChildProcess): Promise<void> {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    killAll(): void {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    },
  };
}
