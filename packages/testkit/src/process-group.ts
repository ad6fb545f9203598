import type { ChildProcess } from 'node:child_process';
import { signalProcessGroup } from './dev-server-launcher.ts';

/**
 * Kills a child spawned with `detached: true` together with everything it started (its process group),
 * first politely (SIGTERM), then SIGKILL after `graceMs`. Resolves when the child has exited.
 */
export async function killProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalProcessGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalProcessGroup(pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Grandchildren may outlive the leader; make sure none is left behind.
  signalProcessGroup(pid, 'SIGKILL');
}
