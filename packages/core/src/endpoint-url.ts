/**
 * Which URLs the client may send credentials to. The token endpoint receives the client secret as Basic
 * credentials and the API the bearer token, so plain `http:` is refused unless the host is this machine
 * (the sandbox listens on 127.0.0.1): a `.env` pointing `ZOOM_OAUTH_TOKEN_URL` at an http proxy would
 * otherwise send the secret in clear (issue #10).
 */
import { ZoomInputError } from './errors.ts';

/** `localhost`, `127.0.0.0/8` and `::1`: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/**
 * Returns `value` when it is an https URL, or an http URL on a loopback host; else throws `ZoomInputError`
 * naming `field`.
 */
export function checkEndpointUrl(field: string, value: string, example: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ZoomInputError(field, value, 'is not a URL', `use a URL such as ${example}`);
  }
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return value;
    throw new ZoomInputError(
      field,
      value,
      'is plain http to another machine, which would send credentials unencrypted',
      `use https (for example ${example}); plain http is accepted only for localhost`,
    );
  }
  throw new ZoomInputError(field, value, 'is not an http(s) URL', `use a URL such as ${example}`);
}
