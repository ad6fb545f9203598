/**
 * Exit codes: the contract scripts and schedulers rely on (documented in apps/cli/README.md).
 * 130 is the shell convention for "terminated by SIGINT" (128 + 2).
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  credentials: 3,
  dailyQuota: 4,
  unreachable: 5,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
