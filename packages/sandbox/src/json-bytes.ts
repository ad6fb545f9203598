/**
 * Allocation-free writers of JSON's ASCII parts straight into a byte buffer: hex ids, zero-padded digits,
 * second-precision UTC timestamps, pre-encoded fragments. The page encoder builds a 65 KB List SMS page from
 * these without creating a string per field (strings, their UTF-8 conversion and the GC they cause were most
 * of a page's cost). Each writer takes the offset and returns the offset after what it wrote.
 */
import { civilFromDays } from './dates.ts';

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const ZERO = 0x30;

/** UTF-8 bytes of a string (fragments are encoded once, then copied). */
export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Two fragments joined. */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** UTF-8 bytes of `JSON.stringify(value)`: JSON escaping (quotes, control characters, lone surrogates) is V8's. */
export function jsonBytes(value: unknown): Uint8Array {
  return utf8(JSON.stringify(value));
}

/** Copies a fragment (`TypedArray#set` beat a byte loop even for short fragments, measured on Node 24). */
export function putBytes(buf: Uint8Array, off: number, bytes: Uint8Array): number {
  buf.set(bytes, off);
  return off + bytes.length;
}

/** `digits` lowercase hex digits of the low bits of `value` (≤ 8), most significant first. */
export function putHex(buf: Uint8Array, off: number, value: number, digits: number): number {
  for (let i = digits - 1; i >= 0; i--) {
    buf[off + i] = HEX[value & 0xf]!;
    value >>>= 4;
  }
  return off + digits;
}

/** A non-negative integer below 2^53 in decimal, left-padded with zeros to `width` digits (0: no padding). */
export function putUint(buf: Uint8Array, off: number, value: number, width = 0): number {
  let len = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) len++;
  if (len < width) len = width;
  let v = value;
  for (let i = len - 1; i >= 0; i--) {
    const q = Math.floor(v / 10);
    buf[off + i] = ZERO + (v - q * 10);
    v = q;
  }
  return off + len;
}

function put2(buf: Uint8Array, off: number, value: number): void {
  const tens = (value / 10) | 0;
  buf[off] = ZERO + tens;
  buf[off + 1] = ZERO + (value - tens * 10);
}

/**
 * `2026-01-31T23:59:59Z` (20 bytes), identical to `formatIsoSec` in dates.ts for epoch seconds of years
 * 1000–9999 (every Uint32 second is in 1970–2106).
 */
export function putIsoSec(buf: Uint8Array, off: number, epochSec: number): number {
  const days = Math.floor(epochSec / 86_400);
  const rest = epochSec - days * 86_400;
  const ymd = civilFromDays(days);
  const year = Math.floor(ymd / 10_000);
  const month = Math.floor(ymd / 100) % 100;
  const day = ymd % 100;
  put2(buf, off, Math.floor(year / 100));
  put2(buf, off + 2, year % 100);
  buf[off + 4] = 0x2d; // -
  put2(buf, off + 5, month);
  buf[off + 7] = 0x2d;
  put2(buf, off + 8, day);
  buf[off + 10] = 0x54; // T
  return putTimeOfDay(buf, off + 11, rest);
}

/** `23:59:59Z` (9 bytes) for a second of the day (0–86,399): the tail of `putIsoSec`. */
export function putTimeOfDay(buf: Uint8Array, off: number, secOfDay: number): number {
  const hh = Math.floor(secOfDay / 3600);
  const rest = secOfDay - hh * 3600;
  const mm = Math.floor(rest / 60);
  put2(buf, off, hh);
  buf[off + 2] = 0x3a; // :
  put2(buf, off + 3, mm);
  buf[off + 5] = 0x3a;
  put2(buf, off + 6, rest - mm * 60);
  buf[off + 8] = 0x5a; // Z
  return off + 9;
}
