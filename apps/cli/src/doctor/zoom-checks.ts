/**
 * The Zoom side of `zcc-sms doctor`: credentials (one token request), scopes (what the token answer
 * granted), the endpoint (one `page_size=1` List SMS call through the core client, its retries bounded
 * by `--max-attempts`), then the rate plan and the clock skew read from that call's answer headers.
 */
import {
  grantsSmsRead,
  type RatePlanName,
  requestTokenGrant,
  SMS_READ_SCOPES,
  type TokenGrant,
  type Transport,
  type TransportResponse,
} from '@zcc-sms/core';
import { createNodeZoomClient, createUndiciTransport, systemClock } from '@zcc-sms/core/node';
import { positiveNumber } from '../budget-flags.ts';
import type { FlagValues } from '../command.ts';
import { type Env, type ZoomConfig, zoomConfig } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import type { Redactor } from '../redactor.ts';
import { clockSkewVerdict } from './clock-skew.ts';
import { ratePlanVerdict } from './rate-plan.ts';
import { type Check, fail, ok, warn } from './verdict.ts';

/** Default attempts of the endpoint call: one retry forgives a blip, a broken endpoint fails quickly. */
export const DOCTOR_ATTEMPTS = 2;

export interface ZoomCheckOptions {
  readonly env: Env;
  readonly flags: FlagValues;
  readonly redactor: Redactor;
  readonly ratePlan: RatePlanName | undefined;
}

interface Answer {
  readonly headers: TransportResponse['headers'];
  readonly sentAt: number;
  readonly receivedAt: number;
}

/** The five Zoom checks and a `close` for their connection pool. */
export function zoomChecks(options: ZoomCheckOptions): { checks: Check[]; close(): Promise<void> } {
  const undici = createUndiciTransport();
  let config: ZoomConfig | undefined;
  let grant: TokenGrant | undefined;
  let answer: Answer | undefined;

  // Keeps the clock and headers of the List SMS answer (not the token answer): rate plan and skew read them.
  const recording: Transport = async (request) => {
    const sentAt = systemClock.now();
    const res = await undici.transport(request);
    if (config !== undefined && request.url.startsWith(config.baseUrl)) {
      answer = { headers: res.headers, sentAt, receivedAt: systemClock.now() };
    }
    return res;
  };

  const credentials: Check = {
    name: 'credentials',
    usageExit: EXIT.credentials,
    async run() {
      config = zoomConfig(options.env, options.flags, options.redactor);
      grant = await requestTokenGrant({ ...config, transport: recording, clock: systemClock });
      options.redactor.add(grant.accessToken);
      return ok(`token fetched from ${config.tokenUrl} (expires in ${grant.expiresInSec} s)`);
    },
  };

  const scopes: Check = {
    name: 'scopes',
    needs: ['credentials'],
    async run() {
      const granted = grant?.scopes;
      if (granted === undefined) {
        return warn('the token answer lists no scope; the endpoint check shows whether List SMS is allowed');
      }
      if (grantsSmsRead(granted)) {
        return ok(
          `${granted.filter((s) => (SMS_READ_SCOPES as readonly string[]).includes(s)).join(', ')} granted`,
        );
      }
      return fail(
        `the app lacks ${SMS_READ_SCOPES.join(' or ')} (granted: ${granted.join(' ') || 'none'}): add it in the Zoom App Marketplace`,
        EXIT.credentials,
      );
    },
  };

  const endpoint: Check = {
    name: 'endpoint',
    needs: ['credentials'],
    async run() {
      const maxAttempts = positiveNumber(options.flags, 'max-attempts', { integer: true, max: 50 });
      const client = createNodeZoomClient({
        auth: { accessToken: grant!.accessToken },
        baseUrl: config!.baseUrl,
        accountId: config!.subAccountId,
        transport: recording,
        retry: { maxAttempts: maxAttempts ?? DOCTOR_ATTEMPTS },
      });
      const page = await client.sms.list({ page_size: 1 });
      const total = page.total_records ?? page.sms.length;
      return ok(
        `GET ${config!.baseUrl}${config!.subAccountId ? `/accounts/${config!.subAccountId}` : ''}/contact_center/sms?page_size=1 answered: ${total} SMS logs in the last 24 hours`,
      );
    },
  };

  const ratePlan: Check = {
    name: 'rate plan',
    needs: ['endpoint'],
    run: async () => ratePlanVerdict(answer!.headers, options.ratePlan),
  };

  const clockSkew: Check = {
    name: 'clock skew',
    needs: ['endpoint'],
    run: async () => clockSkewVerdict(answer!.headers.date, answer!.sentAt, answer!.receivedAt),
  };

  return { checks: [credentials, scopes, endpoint, ratePlan, clockSkew], close: () => undici.close() };
}
