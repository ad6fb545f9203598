/**
 * Stopping a server spawned with `detached: true` (the leader of its own process group) together with
 * everything it started. Works by pid, so a server adopted from a crashed run can be stopped as well as
 * one this process spawned.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** True when a process with this pid exists (signal 0 probes without sending anything). */
export function processAlive(pid: number | undefined): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to the process group led by `pid`; a group that is already gone is not an error. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * SIGTERM to the group, SIGKILL after `graceMs` if its leader still lives, then SIGKILL once more: a
 * grandchild may outlive the leader. Resolves when the leader is gone.
 */
export async function stopProcessGroup(pid: number, graceMs = 5_000): Promise<void> {
  signalProcessGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (processAlive(pid) && Date.now() < deadline) await delay(50);
  signalProcessGroup(pid, 'SIGKILL');
  // Bounded: SIGKILL cannot be caught, so the leader is gone within moments (reaped by Node if it is ours).
  for (let i = 0; i < 100 && processAlive(pid); i++) await delay(50);
}
