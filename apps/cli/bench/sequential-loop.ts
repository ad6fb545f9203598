/**
 * The baseline: what a plain script does — get a token, then for each month fetch page after page with
 * `next_page_token`, one request at a time. No pacing is needed: one request in flight at 300 ms latency
 * stays under any Zoom limit.
 */

export interface SequentialOptions {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly credentials: {
    readonly accountId: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
  readonly from: string;
  readonly to: string;
}

function months(from: string, to: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const end = Date.parse(`${to}T23:59:59Z`);
  for (let start = Date.parse(`${from}T00:00:00Z`); start <= end; ) {
    const d = new Date(start);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    out.push([
      `${new Date(start).toISOString().slice(0, 19)}Z`,
      `${new Date(Math.min(next - 1000, end)).toISOString().slice(0, 19)}Z`,
    ]);
    start = next;
  }
  return out;
}

export async function sequentialExport(
  options: SequentialOptions,
): Promise<{ wallMs: number; requests: number; records: number }> {
  const started = performance.now();
  const { accountId, clientId, clientSecret } = options.credentials;
  const tokenRes = await fetch(`${options.tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  let requests = 0;
  let records = 0;
  for (const [from, to] of months(options.from, options.to)) {
    let pageToken = '';
    do {
      const url = new URL(`${options.baseUrl}/contact_center/sms`);
      url.searchParams.set('from', from);
      url.searchParams.set('to', to);
      url.searchParams.set('page_size', '100');
      if (pageToken) url.searchParams.set('next_page_token', pageToken);
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      requests += 1;
      if (!res.ok) throw new Error(`sequential loop: HTTP ${res.status}`);
      const page = (await res.json()) as { sms?: unknown[]; next_page_token?: string };
      records += page.sms?.length ?? 0;
      pageToken = page.next_page_token ?? '';
    } while (pageToken !== '');
  }
  return { wallMs: performance.now() - started, requests, records };
}
