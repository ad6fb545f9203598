#!/usr/bin/env node
/**
 * `node packages/temporal/src/worker-main.ts`: a backfill worker configured from the environment
 * (see worker-config.ts and the README). `ZCC_WORKFLOW_BUNDLE` may name a pre-built workflow bundle.
 */
import { consoleLogger } from './console-logger.ts';
import { runWorker } from './worker.ts';
import { workerConfigFromEnv } from './worker-config.ts';

try {
  const config = {
    ...workerConfigFromEnv(process.env),
    logger: consoleLogger(process.env.ZCC_LOG_LEVEL, process.env.ZCC_LOG_FORMAT),
  };
  const bundle = process.env.ZCC_WORKFLOW_BUNDLE;
  console.error(`zcc-sms worker: task queue ${config.taskQueue}, namespace ${config.temporal.namespace}`);
  await runWorker(config, bundle ? { workflowBundle: { codePath: bundle } } : {});
} catch (error) {
  console.error(`zcc-sms worker: ${(error as Error).message}`);
  process.exitCode = 1;
}
