/**
 * Parsing a List SMS body (the model: sms-record.ts). Unknown fields are kept, never dropped, and the
 * objects `JSON.parse` built are the ones returned: the shape is checked in place (shape-check.ts), not
 * by building a validated copy of every record. A body that fails the check raises `ZoomResponseError`
 * carrying the path; a body without `sms` is never an empty page (body-error.ts). Errors carry no text
 * from the body: it holds phone numbers and, from a broken proxy, tokens, and error messages travel into
 * logs and Temporal histories.
 */
import { errorForPagelessBody } from './body-error.ts';
import { ZoomResponseError } from './errors.ts';
import { checkShape } from './shape-check.ts';
import { type SmsPage, smsPageShape } from './sms-record.ts';

export type { SmsAgent, SmsPage, SmsQueue, SmsRecord } from './sms-record.ts';

/**
 * What went wrong with a body that is not JSON, without any of its text: `JSON.parse`'s own message quotes
 * the characters around the fault (a token fragment, a phone number), so it is never kept as the cause.
 */
function describeParseFailure(body: string): string {
  const trimmed = body.trimEnd();
  if (trimmed === '') return 'an empty body';
  const opener = trimmed[0];
  const closer = trimmed.at(-1);
  const balanced = (opener === '{' && closer === '}') || (opener === '[' && closer === ']');
  return balanced ? `${body.length} bytes of malformed JSON` : `${body.length} bytes of JSON cut short`;
}

/**
 * Parses a 2xx body. Invalid JSON is treated as a truncated body (retryable), and so is a JSON object
 * without `sms` (unless `total_records` is 0: the documented empty answer); a wrong shape is not retryable.
 */
export function parseSmsPage(
  body: string,
  context: { trackingId?: string | undefined; url?: string } = {},
): SmsPage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ZoomResponseError(`Zoom's response body is not complete JSON (${describeParseFailure(body)})`, {
      truncated: true,
      trackingId: context.trackingId,
      url: context.url,
    });
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const object = json as Record<string, unknown>;
    if (object.sms === undefined || object.sms === null) {
      const total = object.total_records;
      if (total !== 0 && total !== '0') throw errorForPagelessBody(object, context);
      object.sms = [];
    }
  }
  // An object here has `sms`; anything else (an array, a string, a number) fails the check at the root.
  const issue = checkShape(json, smsPageShape);
  if (issue) {
    const path = issue.path.map(String).join('.');
    throw new ZoomResponseError(
      `Zoom's List SMS response does not match the documented shape at ${path || '(root)'}: expected ${issue.expected}`,
      {
        truncated: false,
        path,
        trackingId: context.trackingId,
        url: context.url,
      },
    );
  }
  return json as SmsPage;
}
