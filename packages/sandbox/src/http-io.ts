/**
 * Low-level response writing, including the deliberately broken responses of the truncation faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json;charset=UTF-8';
export const TRACKING_HEADER = 'x-zm-trackingid';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** For bodies already serialised (the List SMS page). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): void {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  res.writeHead(status, { ...headers, 'content-type': JSON_TYPE, 'content-length': payload.length });
  res.end(payload);
}

/**
 * An HTTP `Date` (RFC 9110 IMF-fixdate) on the sandbox clock. Zoom's `Date` is Zoom's time; Node's own
 * header would be this machine's wall clock, so a manual or moved sandbox clock plays a skewed client.
 * Sent with the token answer and the List SMS page (what a client reads it from).
 */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/**
 * The List SMS page: one `writeHead` with a flat header list (tracking id first, as `setHeader` placed it
 * before), which Node writes without building and merging header objects.
 */
export function sendPage(
  res: ServerResponse,
  payload: Buffer,
  headers: Readonly<Record<string, string>>,
  trackingId: string,
): void {
  const flat = [TRACKING_HEADER, trackingId];
  for (const name in headers) flat.push(name, headers[name]!);
  flat.push('content-type', JSON_TYPE, 'content-length', String(payload.length));
  res.writeHead(200, flat);
  res.end(payload);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  const payload = Buffer.from(html);
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': payload.length });
  res.end(payload);
}

export type Truncation = 'truncatedBody' | 'truncatedChunked' | 'truncatedJson';

/**
 * truncatedBody: announces the full Content-Length, sends half, destroys the socket.
 * truncatedChunked: chunked, half the bytes, destroyed before the terminating chunk.
 * truncatedJson: chunked and properly ended, but the JSON stops halfway (a parse error, not a network one).
 */
export function sendTruncated(
  res: ServerResponse,
  payload: Buffer,
  headers: Readonly<Record<string, string>>,
  kind: Truncation,
): void {
  const half = payload.subarray(0, Math.floor(payload.length / 2));
  if (kind === 'truncatedBody') {
    res.writeHead(200, { ...headers, 'content-type': JSON_TYPE, 'content-length': payload.length });
  } else {
    res.writeHead(200, { ...headers, 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' });
  }
  if (kind === 'truncatedJson') {
    res.end(half);
    return;
  }
  res.write(half, () => res.socket?.destroy());
}

/** Resets the TCP connection (RST) without any response. */
export function resetConnection(req: IncomingMessage): void {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** Reads a small request body (token form, admin JSON); larger bodies are cut at `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 65_536): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size <= limit) chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
