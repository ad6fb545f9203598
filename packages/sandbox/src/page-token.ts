/**
 * Opaque next_page_token. It carries the cursor (a rank in the sort order), the resolved window (so the
 * default "last 24 h" does not drift between pages), issue time and a sequence number, and is bound to the
 * query by a fingerprint hash; a MAC with a per-sandbox secret rejects altered tokens.
 * Expiry: 15 minutes after issue (seed spec), measured on the sandbox clock.
 * Every page request decodes one token and issues the next, so the MAC is one-shot SHA-256 over
 * secret‖payload‖secret (the trailing secret defeats length extension): a `createHmac` object per call cost
 * several times more, measured.
 * Each page presents the token the page before it issued, so the cursors of recently issued tokens are kept:
 * such a token is exactly what this codec wrote, and decoding it needs neither the MAC nor a parse. Only
 * cursors of finite numbers are kept, so a hit returns what a full decode of that token would.
 */
import { hash } from 'node:crypto';

export interface PageCursor {
  fingerprintHash: string;
  rank: number;
  lowSec: number;
  highSec: number;
  fromSec: number;
  toSec: number;
  issuedAtMs: number;
  seq: number;
}

export interface PageTokenCodec {
  encode(cursor: PageCursor): string;
  /** null when the token is malformed or was altered. */
  decode(token: string): PageCursor | null;
}

const MAC_CHARS = 16; // 12 bytes of the SHA-256 MAC, base64url
/** Recently issued tokens remembered (a few hundred concurrent chains, each needing only its latest). */
const RECENT_TOKENS = 1024;

function allFinite(c: PageCursor): boolean {
  return (
    Number.isFinite(c.rank) &&
    Number.isFinite(c.lowSec) &&
    Number.isFinite(c.highSec) &&
    Number.isFinite(c.fromSec) &&
    Number.isFinite(c.toSec) &&
    Number.isFinite(c.issuedAtMs) &&
    Number.isFinite(c.seq)
  );
}

export function fingerprintHash(fingerprint: string): string {
  return hash('sha256', fingerprint, 'base64url').slice(0, 16);
}

function parsePayload(payload: string): PageCursor | null {
  try {
    const a = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    if (!Array.isArray(a) || a.length !== 8 || typeof a[0] !== 'string') return null;
    const [fingerprintHash, ...nums] = a as [string, ...number[]];
    if (nums.some((n) => typeof n !== 'number')) return null;
    const [rank, lowSec, highSec, fromSec, toSec, issuedAtMs, seq] = nums as number[];
    return {
      fingerprintHash,
      rank: rank!,
      lowSec: lowSec!,
      highSec: highSec!,
      fromSec: fromSec!,
      toSec: toSec!,
      issuedAtMs: issuedAtMs!,
      seq: seq!,
    };
  } catch {
    return null;
  }
}

export function createPageTokenCodec(secret: string): PageTokenCodec {
  const mac = (payload: string): string =>
    hash('sha256', secret + payload + secret, 'base64url').slice(0, 16);
  const recent = new Map<string, PageCursor>();
  return {
    encode: (c) => {
      const payload = Buffer.from(
        JSON.stringify([
          c.fingerprintHash,
          c.rank,
          c.lowSec,
          c.highSec,
          c.fromSec,
          c.toSec,
          c.issuedAtMs,
          c.seq,
        ]),
      ).toString('base64url');
      const token = mac(payload) + payload;
      if (allFinite(c)) {
        if (recent.size >= RECENT_TOKENS) recent.clear();
        recent.set(token, { ...c });
      }
      return token;
    },
    decode: (token) => {
      const issued = recent.get(token);
      if (issued !== undefined) return { ...issued };
      if (token.length <= MAC_CHARS) return null;
      const payload = token.slice(MAC_CHARS);
      if (mac(payload) !== token.slice(0, MAC_CHARS)) return null;
      return parsePayload(payload);
    },
  };
}
