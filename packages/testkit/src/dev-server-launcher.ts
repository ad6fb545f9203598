/**
 * The launcher the CLI ships (`@zcc-sms/temporal/dev-server`), imported by path: declaring
 * `@zcc-sms/temporal` as a dependency would close a cycle (its tests depend on this package), and turbo
 * refuses a cyclic package graph. This file is the only place testkit reaches into another package.
 */
export {
  canConnect,
  type DevServer,
  findTemporalCli,
  freePort,
  portIsFree,
  signalProcessGroup,
  startDevServer,
  waitForPort,
} from '../../temporal/src/dev-server.ts';
