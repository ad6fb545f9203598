/**
 * @zcc-sms/sandbox — a high-fidelity fake of Zoom's S2S OAuth token endpoint and
 * `GET /v2/contact_center/sms`, for tests, demos and benchmarks. See README.md.
 */
export type { MasterReadsCharge, SandboxAccountOptions } from './accounts.ts';
export type { SandboxCliIo } from './cli.ts';
export { runSandboxCli } from './cli.ts';
export type { ClockOptions } from './clock.ts';
export type { ClockControl, SandboxControl } from './control.ts';
export type { DatasetOptions, DatasetProfile } from './dataset-generate.ts';
export type { FaultConfig, FaultKind, FaultRule } from './faults.ts';
export { FAULT_KINDS } from './faults.ts';
export type { SmsQueryInput } from './ground-truth.ts';
export type { LatencySpec } from './latency.ts';
export type { SandboxCredentials } from './oauth.ts';
export type { RateLimit, RateLimitSetting } from './rate-limit.ts';
export type { SmsQueue, SmsRecord } from './record-fields.ts';
export type { DatasetInfo, Sandbox, SandboxAccount, SandboxEnv } from './sandbox.ts';
export { startSandbox } from './sandbox.ts';
export type { SandboxOptions } from './sandbox-state.ts';
export type { RequestLogEntry, SandboxStats } from './stats.ts';
export type { BoundaryVariant, Variants } from './variants.ts';
export { ALL_VARIANT_COMBINATIONS, boundaryVariants, DEFAULT_VARIANTS } from './variants.ts';
export { DAILY_MESSAGE, PER_SECOND_MESSAGE } from './zoom-errors.ts';
