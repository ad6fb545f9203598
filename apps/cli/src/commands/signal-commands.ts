/**
 * `zcc-sms pause|resume|cancel <id>`: the temporal package's `pauseBackfill`, `resumeBackfill` and
 * `cancelBackfill` (pause and resume also reach a multi-account backfill's running children). An unknown id
 * fails the first request, which `withTemporal` turns into a "no backfill" usage error.
 */
import type { Client } from '@temporalio/client';
import type { Command, CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { WORKFLOW_COMMAND_FLAGS, withTemporal, workflowIdOf } from '../temporal/workflow-command.ts';

interface Action {
  readonly name: 'pause' | 'resume' | 'cancel';
  readonly summary: string;
  readonly description: string;
  readonly done: string;
  perform(client: Client, id: string): Promise<void>;
}

function actionCommand(action: Action): Command {
  return {
    name: action.name,
    summary: action.summary,
    usage: `${action.name} <workflow-id> [--temporal-address HOST:PORT] [--namespace NS]`,
    description: action.description,
    flags: WORKFLOW_COMMAND_FLAGS,
    positionals: ['workflow-id'],
    examples: [`zcc-sms ${action.name} zcc-sms-backfill-2025-01-01..2025-12-31-3f9c0a1e5b7d2c44`],
    async run(ctx: CommandContext) {
      const id = workflowIdOf(ctx, action.name);
      await withTemporal(ctx, async (target) => {
        await action.perform(target.client, id);
        ctx.message(
          `${action.done.replace('{id}', id)}${target.embedded ? ' It takes effect when a worker runs it (run the same backfill command again).' : ''}`,
        );
      });
      return EXIT.ok;
    },
  };
}

export const pauseCommand = actionCommand({
  name: 'pause',
  summary: 'Pause a backfill (windows in flight stop at a page boundary and keep their checkpoints)',
  description:
    '\nStops launching windows and cancels those in flight; they resume from their checkpoints on `resume`.' +
    " A multi-account backfill's id pauses every account.",
  done: 'Paused backfill {id}.',
  perform: async (client, id) => (await import('@zcc-sms/temporal')).pauseBackfill(client, id),
});

export const resumeCommand = actionCommand({
  name: 'resume',
  summary: 'Resume a paused backfill',
  description:
    "\nWindows continue from their checkpoints. A multi-account backfill's id resumes every account.",
  done: 'Resumed backfill {id}.',
  perform: async (client, id) => (await import('@zcc-sms/temporal')).resumeBackfill(client, id),
});

export const cancelCommand = actionCommand({
  name: 'cancel',
  summary: 'Cancel a backfill (published windows stay; no half-written file is left)',
  description:
    '\nWindows stop at a page boundary; files or rows already published stay in the sink.' +
    " A multi-account backfill's id cancels every account.",
  done: 'Cancellation of backfill {id} requested.',
  perform: async (client, id) => (await import('@zcc-sms/temporal')).cancelBackfill(client, id),
});
