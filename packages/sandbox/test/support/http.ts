/**
 * A deliberately plain HTTP client (node's fetch) so that the sandbox and packages/core cannot share a
 * misunderstanding.
 */
import type { Sandbox } from '../../src/index.ts';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected freely in tests
  body: any;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function requestToken(sandbox: Sandbox): Promise<string> {
  const { accountId, clientId, clientSecret } = sandbox.credentials;
  const r = await fetch(`${sandbox.tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, {
    method: 'POST',
    headers: { authorization: basicAuth(clientId, clientSecret) },
  });
  const result = await reply(r);
  if (result.status !== 200) throw new Error(`token: ${result.status} ${result.text}`);
  return result.body.access_token as string;
}

export type Query = Record<string, string | number | string[] | undefined>;

export function toSearch(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
  }
  return params.toString();
}

export async function listSms(
  sandbox: Sandbox,
  token: string | null,
  query: Query = {},
  path = '/contact_center/sms',
) {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return reply(await fetch(`${sandbox.baseUrl}${path}?${toSearch(query)}`, { headers }));
}

export async function getJson(url: string, init?: RequestInit): Promise<Reply> {
  return reply(await fetch(url, init));
}

export async function postJson(url: string, body: unknown): Promise<Reply> {
  return reply(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** Pages through a query to the end; returns every record and the number of pages. */
export async function collectAll(sandbox: Sandbox, token: string, query: Query) {
  // biome-ignore lint/suspicious/noExplicitAny: records are plain JSON
  const records: any[] = [];
  let pages = 0;
  let next = '';
  do {
    const r = await listSms(sandbox, token, { ...query, next_page_token: next || undefined });
    if (r.status !== 200) throw new Error(`page ${pages}: ${r.status} ${r.text}`);
    records.push(...r.body.sms);
    next = r.body.next_page_token;
    pages++;
  } while (next !== '');
  return { records, pages, ids: records.map((x) => x.engagement_id as string) };
}
