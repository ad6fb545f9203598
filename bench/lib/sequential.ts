/**
 * The baseline: a plain sequential page loop, as a script written without this project would do it — one
 * month at a time, one page after another, waiting a second on a 429. It uses undici directly, not the core.
 */
import { request } from 'undici';
import type { SimTime } from './sandbox-clock.ts';

export interface PlainResult {
  readonly records: number;
  readonly requests: number;
  readonly rateLimited: number;
}

export async function sequentialLoop(
  env: { baseUrl: string; tokenUrl: string; accountId: string; clientId: string; clientSecret: string },
  months: ReadonlyArray<{ from: string; to: string }>,
  time: SimTime,
): Promise<PlainResult> {
  const basic = Buffer.from(`${env.clientId}:${env.clientSecret}`).toString('base64');
  const tokenRes = await request(
    `${env.tokenUrl}?grant_type=account_credentials&account_id=${env.accountId}`,
    {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
    },
  );
  const { access_token: token } = (await tokenRes.body.json()) as { access_token: string };
  let records = 0;
  let requests = 0;
  let rateLimited = 0;
  for (const month of months) {
    let pageToken = '';
    for (;;) {
      const qs = new URLSearchParams({ from: month.from, to: month.to, page_size: '100' });
      if (pageToken) qs.set('next_page_token', pageToken);
      requests += 1;
      const res = await request(`${env.baseUrl}/contact_center/sms?${qs}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.statusCode === 429) {
        await res.body.dump();
        rateLimited += 1;
        await time.sleep(1000);
        continue; // the same page again
      }
      const body = (await res.body.json()) as { next_page_token?: string; sms?: unknown[] };
      records += body.sms?.length ?? 0;
      pageToken = body.next_page_token ?? '';
      if (pageToken === '') break;
    }
  }
  return { records, requests, rateLimited };
}
