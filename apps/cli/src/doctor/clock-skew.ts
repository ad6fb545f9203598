/**
 * How far this machine's clock is from Zoom's, from the `Date` header of an API answer (RFC 9110: the
 * instant the answer was generated, whole seconds). Token expiry and `Retry-After` instants are read on
 * this machine's clock: a few seconds are harmless, minutes are not — the token provider refreshes 5
 * minutes early (core `auth.ts`), so beyond that a token can be used after Zoom has expired it.
 */
import { fail, type Outcome, ok, warn } from './verdict.ts';

/** Below this, say nothing is wrong: the header has 1 s resolution and a round trip adds its own. */
export const SKEW_WARN_MS = 5_000;
/** The token provider's early-refresh margin: a skew beyond it outlives the margin. */
export const SKEW_FAIL_MS = 5 * 60_000;

/**
 * `sentAt`/`receivedAt`: this machine's clock around the request. The server's instant lies between them,
 * so the skew is measured against the midpoint, and the reported skew is the smallest one the answer allows
 * (half the round trip and the header's second forgiven): a verdict never blames a clock that may be right.
 */
export function clockSkewVerdict(date: string | undefined, sentAt: number, receivedAt: number): Outcome {
  const server = date === undefined ? Number.NaN : Date.parse(date);
  if (!Number.isFinite(server)) {
    return warn(
      date === undefined
        ? 'the API answer carried no Date header: skew unknown'
        : `the API answer's Date header ${JSON.stringify(date)} does not parse: skew unknown`,
    );
  }
  const midpoint = (sentAt + receivedAt) / 2;
  // The header truncates to whole seconds: the server's instant is within [server, server + 1 s).
  const raw = server + 500 - midpoint;
  const slack = 500 + (receivedAt - sentAt) / 2;
  const skew = Math.abs(raw) <= slack ? 0 : raw - Math.sign(raw) * slack;
  const size = Math.abs(skew);
  const seconds = Math.round(size / 1000);
  const direction = skew > 0 ? 'behind' : 'ahead of';
  const text = `this machine's clock is ${seconds} s ${direction} Zoom's (Date header of the API answer)`;
  if (size > SKEW_FAIL_MS) {
    return fail(
      `${text}: tokens would be used after they expire and waits would end at the wrong time; set the clock right (NTP) and run again`,
    );
  }
  if (size > SKEW_WARN_MS) return warn(`${text}; keep it synchronised (NTP)`);
  return ok(`within ${SKEW_WARN_MS / 1000} s of Zoom's (Date header of the API answer)`);
}
