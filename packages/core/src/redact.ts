/**
 * Redaction, applied where text is made (errors at construction, log lines as they are written):
 * credentials always, consumer phone numbers masked.
 */

// E.164 (`+14155550123`), the form Zoom uses for consumer numbers; dates and ids never start with `+`.
export const PHONE_TEXT = /\+\d{7,15}\b/g;

/**
 * `+14155550123` → `+1415•••0123`: enough to tell numbers apart in a log, not to dial them.
 *
 * @example
 * maskPhone('+14155550123'); // '+1415•••0123'
 */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '•••';
  const plus = value.trim().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, 4)}•••${digits.slice(-4)}`;
}

/** Masks every E.164 number in a text. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_TEXT, (m) => maskPhone(m));
}

const TOKEN_SHAPES: readonly RegExp[] = [
  /(authorization\s*[:=]\s*)(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /("?(?:access_token|client_secret|token)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
];

/**
 * Removes anything shaped like a credential from a string (JWTs, bearer/basic values, token fields).
 *
 * @example
 * console.error(redactSecrets(`failed: Authorization: Bearer ${token}`)); // the token is replaced
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const shape of TOKEN_SHAPES) {
    out = out.replace(shape, (_m, prefix: string | undefined) =>
      typeof prefix === 'string' && /[:=]\s*"?$/.test(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}
