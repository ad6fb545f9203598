/**
 * The doctor's pure policies: the check runner (order, skips, exit code), the rate-plan inference and the
 * clock-skew thresholds. The CLI end to end is in doctor.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli-error.ts';
import { clockSkewVerdict } from '../src/doctor/clock-skew.ts';
import { ratePlanVerdict } from '../src/doctor/rate-plan.ts';
import { type Check, fail, ok, runChecks } from '../src/doctor/verdict.ts';
import { EXIT } from '../src/exit-codes.ts';

describe('runChecks', () => {
  const check = (
    name: string,
    run: Check['run'],
    needs?: string[],
    usageExit?: Check['usageExit'],
  ): Check => ({
    name,
    run,
    ...(needs ? { needs } : {}),
    ...(usageExit ? { usageExit } : {}),
  });

  it('skips dependants naming the root failure and exits with the first failure code', async () => {
    let ranDependant = false;
    const result = await runChecks([
      check('a', async () => fail('no', EXIT.credentials)),
      check('b', async () => {
        ranDependant = true;
        return ok('yes');
      }, ['a']),
      check('c', async () => ok('yes'), ['b']),
      check('d', async () => fail('other')),
    ]);
    expect(ranDependant).toBe(false);
    expect(result.verdicts.map((v) => [v.check, v.status, v.detail])).toEqual([
      ['a', 'FAIL', 'no'],
      ['b', 'skipped', 'skipped: a failed'],
      ['c', 'skipped', 'skipped: a failed'],
      ['d', 'FAIL', 'other'],
    ]);
    expect(result.exitCode).toBe(EXIT.credentials);
  });

  it("turns a thrown usage error into the check's own exit code, and passes warnings", async () => {
    const result = await runChecks([
      check('w', async () => ({ status: 'warn', detail: 'hm' })),
      check(
        'x',
        async () => {
          throw new UsageError('ZOOM_CLIENT_SECRET is not set');
        },
        ['w'],
        EXIT.credentials,
      ),
    ]);
    expect(result.verdicts[1]).toEqual({
      check: 'x',
      status: 'FAIL',
      detail: 'ZOOM_CLIENT_SECRET is not set',
    });
    expect(result.exitCode).toBe(EXIT.credentials);
  });

  it('exits 0 when everything passed or was skipped', async () => {
    const result = await runChecks([check('a', async () => ({ status: 'skipped', detail: 'n/a' }))]);
    expect(result.exitCode).toBe(EXIT.ok);
  });
});

describe('ratePlanVerdict', () => {
  it('infers the plan from a daily or per-second limit and flags a mismatch with --plan', () => {
    expect(ratePlanVerdict({ 'x-ratelimit-limit': '30000' }, 'business')).toEqual({
      status: 'ok',
      detail: 'Business+, from X-RateLimit-Limit: 30000 requests/day',
    });
    expect(ratePlanVerdict({ 'x-ratelimit-limit': '10', 'x-ratelimit-type': 'QPS' }, undefined).status).toBe(
      'warn',
    );
    expect(ratePlanVerdict({ 'x-ratelimit-limit': '15000' }, undefined).status).toBe('ok');
  });

  it('says the plan is assumed without a usable header, and warns on a limit no plan has', () => {
    for (const headers of [{}, { 'x-ratelimit-limit': 'lots' }]) {
      expect(ratePlanVerdict(headers, 'business').detail).toBe(
        'assumed: business (10/s, 30,000/day); Zoom sent no X-RateLimit-Limit header to tell',
      );
    }
    expect(ratePlanVerdict({ 'x-ratelimit-limit': '60000' }, undefined)).toEqual({
      status: 'warn',
      detail: expect.stringMatching(
        /^X-RateLimit-Limit: 60000 requests\/day matches no plan's List SMS limit; assumed: pro/,
      ),
    });
  });
});

describe('clockSkewVerdict', () => {
  const at = Date.UTC(2026, 2, 1, 12, 0, 0);
  const header = (ms: number) => new Date(ms).toUTCString();

  it('forgives the header resolution and the round trip', () => {
    expect(clockSkewVerdict(header(at), at + 200, at + 1800).status).toBe('ok');
    expect(clockSkewVerdict(header(at + 4000), at, at + 100).status).toBe('ok');
  });

  it('warns above 5 s and fails above 5 minutes, saying which way', () => {
    expect(clockSkewVerdict(header(at + 30_000), at, at + 100)).toEqual({
      status: 'warn',
      detail:
        "this machine's clock is 30 s behind Zoom's (Date header of the API answer); keep it synchronised (NTP)",
    });
    const far = clockSkewVerdict(header(at - 6 * 60_000), at, at + 100);
    expect(far.status).toBe('FAIL');
    expect(far.detail).toMatch(/^this machine's clock is 359 s ahead of Zoom's/);
  });

  it('warns when the Date header is missing or unreadable', () => {
    expect(clockSkewVerdict(undefined, at, at).status).toBe('warn');
    expect(clockSkewVerdict('yesterday-ish', at, at).detail).toContain('does not parse');
  });
});
