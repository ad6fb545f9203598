export { freePort, waitForPort } from './dev-server-launcher.ts';
export {
  POSTGRES_URL_KEY,
  type ProvideContext,
  setupServices,
  TEMPORAL_ADDRESS_KEY,
} from './global-setup.ts';
export { type PostgresOptions, type PostgresServer, resolvePgBin, startPostgres } from './postgres.ts';
export { killProcessGroup } from './process-group.ts';
export { resolveMotoServer, type S3Server, type S3ServerOptions, startS3Server } from './s3-server.ts';
export {
  resolveTemporalCli,
  startTemporalDevServer,
  type TemporalDevServer,
  type TemporalDevServerOptions,
} from './temporal-dev-server.ts';
