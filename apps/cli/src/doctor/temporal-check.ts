/**
 * Temporal for `zcc-sms doctor`, only when one is configured (`--temporal-address` / `TEMPORAL_ADDRESS`):
 * connect and describe the namespace exactly as the Temporal commands do (temporal-target.ts), so TLS, API
 * key and codec settings are checked on the way. Without one, the embedded Temporal is started on demand by
 * those commands and there is nothing to check ahead.
 */
import type { FlagValues } from '../command.ts';
import type { Env } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { connectTemporal, isRemote } from '../temporal/temporal-target.ts';
import { type Check, ok, skipped } from './verdict.ts';

export interface TemporalCheckOptions {
  readonly flags: FlagValues;
  readonly env: Env;
  readonly cwd: string;
  readonly say: (text: string) => void;
}

export function temporalCheck(options: TemporalCheckOptions): Check {
  return {
    name: 'temporal',
    usageExit: EXIT.failure,
    async run() {
      if (!isRemote(options.flags, options.env)) {
        return skipped(
          'not configured (no --temporal-address / TEMPORAL_ADDRESS): backfill starts the embedded Temporal',
        );
      }
      const target = await connectTemporal(options);
      try {
        return ok(`reached ${target.address}, namespace ${target.namespace} exists`);
      } finally {
        await target.close();
      }
    },
  };
}
