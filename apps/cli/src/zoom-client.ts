/**
 * The Zoom client as the CLI builds it: configuration from config.ts, the rate budget from the flags, the
 * debug logger. The core does everything else (retries, pacing, token refresh, windows).
 */
import type { Logger, RateBudgetOptions, RequestObserver } from '@zcc-sms/core';
import { createNodeZoomClient, type NodeZoomClient } from '@zcc-sms/core/node';
import { positiveNumber } from './budget-flags.ts';
import type { FlagTable, FlagValues } from './command.ts';
import type { ZoomConfig } from './config.ts';

export const RETRY_FLAGS: FlagTable = {
  'max-attempts': {
    type: 'string',
    value: 'N',
    description: 'Attempts per request on network errors and 5xx, including the first (default 8)',
    group: 'Rate limits',
  },
};

export interface CliClientOptions {
  readonly config: ZoomConfig;
  readonly budget: RateBudgetOptions;
  readonly flags: FlagValues;
  readonly logger?: Logger | undefined;
  /** Told about every HTTP attempt (`--metrics-port`, tracing). */
  readonly observer?: RequestObserver | undefined;
}

export function createCliClient(options: CliClientOptions): NodeZoomClient {
  const maxAttempts = positiveNumber(options.flags, 'max-attempts', { integer: true, max: 50 });
  const { config } = options;
  return createNodeZoomClient({
    auth: {
      accountId: config.accountId,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      tokenUrl: config.tokenUrl,
    },
    baseUrl: config.baseUrl,
    accountId: config.subAccountId,
    budget: options.budget,
    logger: options.logger,
    observer: options.observer,
    ...(maxAttempts !== undefined ? { retry: { maxAttempts } } : {}),
  });
}
