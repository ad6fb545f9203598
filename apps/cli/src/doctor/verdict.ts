/**
 * The doctor's checks and their verdicts: each check runs in order, a check whose prerequisite did not pass
 * is skipped naming it, and a check that throws fails with the message (and exit code) the CLI would show
 * for that error anyway (error-report.ts), so `doctor` and a real run tell the user the same thing.
 */

import { reportError } from '../error-report.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

export type Status = 'ok' | 'warn' | 'FAIL' | 'skipped';

export interface Outcome {
  readonly status: Status;
  readonly detail: string;
  /** Exit code of a `FAIL` (default: 1). */
  readonly exitCode?: ExitCode | undefined;
}

export interface Verdict {
  readonly check: string;
  readonly status: Status;
  readonly detail: string;
}

export interface Check {
  readonly name: string;
  /** Checks that must have passed (`ok` or `warn`) for this one to run. */
  readonly needs?: readonly string[];
  /**
   * Exit code for a thrown usage error (a bad setting found by this check): 1 unless the check says
   * otherwise — a missing client secret is a credentials failure (3), not a typo in doctor's own flags.
   */
  readonly usageExit?: ExitCode;
  run(): Promise<Outcome>;
}

export const ok = (detail: string): Outcome => ({ status: 'ok', detail });
export const warn = (detail: string): Outcome => ({ status: 'warn', detail });
export const skipped = (detail: string): Outcome => ({ status: 'skipped', detail });
export const fail = (detail: string, exitCode: ExitCode = EXIT.failure): Outcome => ({
  status: 'FAIL',
  detail,
  exitCode,
});

/** The outcome of a check that threw: the CLI's own message and exit code for that error. */
export function failureOf(error: unknown, usageExit: ExitCode = EXIT.failure): Outcome {
  const report = reportError(error);
  return fail(report.message, report.exitCode === EXIT.usage ? usageExit : report.exitCode);
}

export interface DoctorResult {
  readonly verdicts: readonly Verdict[];
  readonly exitCode: ExitCode;
}

/** Runs `checks` in order; exit code: 0 when nothing failed, else the first failure's. */
export async function runChecks(checks: readonly Check[]): Promise<DoctorResult> {
  const passed = new Set<string>();
  const verdicts: Verdict[] = [];
  let exitCode: ExitCode = EXIT.ok;
  for (const check of checks) {
    const missing = (check.needs ?? []).find((name) => !passed.has(name));
    let outcome: Outcome;
    if (missing !== undefined) {
      // Name the failure at the root: `rate plan` says `credentials failed`, not `endpoint was skipped`.
      const before = verdicts.find((v) => v.check === missing);
      outcome =
        before?.status === 'skipped' && before.detail.startsWith('skipped: ')
          ? skipped(before.detail)
          : skipped(`skipped: ${missing} ${before?.status === 'FAIL' ? 'failed' : 'was skipped'}`);
    } else {
      try {
        outcome = await check.run();
      } catch (error) {
        outcome = failureOf(error, check.usageExit);
      }
    }
    if (outcome.status === 'ok' || outcome.status === 'warn') passed.add(check.name);
    if (outcome.status === 'FAIL' && exitCode === EXIT.ok) exitCode = outcome.exitCode ?? EXIT.failure;
    verdicts.push({ check: check.name, status: outcome.status, detail: outcome.detail });
  }
  return { verdicts, exitCode };
}

/** One line per verdict: `ok    credentials   token fetched from …`. */
export function verdictText(verdicts: readonly Verdict[]): string {
  const width = Math.max(...verdicts.map((v) => v.check.length)) + 2;
  return verdicts.map((v) => `${v.status.padEnd(8)}${v.check.padEnd(width)}${v.detail}\n`).join('');
}
