/**
 * Shared plumbing of the commands that act on one backfill by id (`status`, `pause`, `resume`,
 * `cancel`): flags, the positional id, the Temporal connection, cleanup.
 */
import { UsageError } from '../cli-error.ts';
import type { CommandContext, FlagTable } from '../command.ts';
import { ENV_FILE_FLAG, loadEnv } from '../config.ts';
import { TEMPORAL_FLAGS } from './temporal-flags.ts';
import { connectTemporal, type TemporalTarget } from './temporal-target.ts';

export const WORKFLOW_COMMAND_FLAGS: FlagTable = { ...TEMPORAL_FLAGS, ...ENV_FILE_FLAG };

export function workflowIdOf(ctx: CommandContext, command: string): string {
  const id = ctx.positionals[0]?.trim();
  if (!id) {
    throw new UsageError(
      `${command} needs the backfill's workflow id (printed by \`zcc-sms backfill\`), e.g. zcc-sms ${command} zcc-sms-backfill-2025-01-01..2025-12-31-3f9c0a1e5b7d2c44`,
    );
  }
  return id;
}

/** Connects, runs `action`, closes (and stops an embedded Temporal started for this command). */
export async function withTemporal<T>(
  ctx: CommandContext,
  action: (target: TemporalTarget) => Promise<T>,
): Promise<T> {
  const env = loadEnv(ctx);
  const target = await connectTemporal({ flags: ctx.flags, env, cwd: ctx.io.cwd, say: ctx.message });
  try {
    return await action(target);
  } catch (error) {
    const name = (error as Error | undefined)?.name;
    if (name === 'WorkflowNotFoundError') {
      const id = ctx.positionals[0] ?? '';
      throw new UsageError(
        `no backfill ${JSON.stringify(id)} on Temporal at ${target.address} (namespace ${target.namespace}); check the id, --temporal-address and --namespace${target.embedded ? ', or run from the directory where the backfill was started (its ./.zcc-sms)' : ''}`,
      );
    }
    throw error;
  } finally {
    await target.close();
  }
}
