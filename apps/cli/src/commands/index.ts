/**
 * Every command, in the order `zcc-sms --help` lists them. A new command is one file in this folder plus
 * one line here.
 */
import type { Command } from '../command.ts';
import { backfillCommand } from './backfill.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { exportCommand } from './export.ts';
import { planCommand } from './plan.ts';
import { sandboxCommand } from './sandbox.ts';
import { scheduleCommand } from './schedule.ts';
import { cancelCommand, pauseCommand, resumeCommand } from './signal-commands.ts';
import { statusCommand } from './status.ts';
import { workerCommand } from './worker.ts';

export const COMMANDS: readonly Command[] = [
  exportCommand,
  planCommand,
  backfillCommand,
  statusCommand,
  pauseCommand,
  resumeCommand,
  cancelCommand,
  workerCommand,
  scheduleCommand,
  sandboxCommand,
  demoCommand,
  doctorCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
