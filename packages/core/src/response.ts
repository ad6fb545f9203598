/**
 * The List SMS response model. Every documented field, `queues[].cc_queue_id` (added 2024-05-09) beside the
 * deprecated `queue_id`. Counts documented as `<long>` may arrive as numbers or numeric strings and are
 * normalised to numbers. Unknown fields are kept (`.loose()`), never dropped. A body that fails validation
 * raises `ZoomResponseError` carrying the path; a body without `sms` is never an empty page
 * (body-error.ts). Errors carry no text from the body: it holds phone numbers and, from a broken proxy,
 * tokens, and error messages travel into logs and Temporal histories.
 */
import { z } from 'zod';
import { errorForPagelessBody } from './body-error.ts';
import { ZoomResponseError } from './errors.ts';

const long = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform((v) => Number(v));

export const smsQueueSchema = z
  .object({
    queue_id: z.string().optional(),
    cc_queue_id: z.string().optional(),
    queue_name: z.string().optional(),
  })
  .loose();

export const smsAgentSchema = z
  .object({ user_id: z.string().optional(), display_name: z.string().optional() })
  .loose();

export const smsRecordSchema = z
  .object({
    engagement_id: z.string().min(1),
    direction: z.string().optional(),
    contact_center_number: z.string().optional(),
    start_time: z.string().optional(),
    end_time: z.string().optional(),
    consumer_number: z.string().optional(),
    consumer_display_name: z.string().optional(),
    queues: z.array(smsQueueSchema).optional(),
    agents: z.array(smsAgentSchema).optional(),
    country_name: z.string().optional(),
    sms_types: z.array(z.string()).optional(),
    total_sent_messages: long.optional(),
    total_received_messages: long.optional(),
    total_sent_files: long.optional(),
    total_received_files: long.optional(),
  })
  .loose();

export const smsPageSchema = z
  .object({
    next_page_token: z.string().optional(),
    page_size: long.optional(),
    total_records: long.optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    sms: z.array(smsRecordSchema),
  })
  .loose();

/**
 * One SMS engagement log as Zoom returns it; `engagement_id` identifies it. Unknown fields are kept.
 *
 * @example
 * for await (const record of client.sms.records(query)) console.log(record.engagement_id, record.direction);
 */
export type SmsRecord = z.infer<typeof smsRecordSchema>;
/**
 * One page of List SMS: records (`sms`), `next_page_token` and `total_records`.
 *
 * @example
 * const page: SmsPage = await client.sms.list(query);
 * if (page.next_page_token) await client.sms.list({ ...query, next_page_token: page.next_page_token });
 */
export type SmsPage = z.infer<typeof smsPageSchema>;

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

/** Kept short and free of body text: zod names the path and the expected type, never the value. */
function issueText(message: string): string {
  return message.length > 120 ? `${message.slice(0, 117)}...` : message;
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
      json = { ...object, sms: [] };
    }
  }
  let result: ReturnType<typeof smsPageSchema.safeParse>;
  try {
    result = smsPageSchema.safeParse(json);
  } catch {
    // Defensive: zod reports through safeParse, but nothing but a Zoom error may leave the parser.
    throw new ZoomResponseError("Zoom's List SMS response could not be validated", {
      truncated: false,
      trackingId: context.trackingId,
      url: context.url,
    });
  }
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new ZoomResponseError(
      `Zoom's List SMS response does not match the documented shape at ${path || '(root)'}: ${issueText(issue.message)}`,
      {
        truncated: false,
        path,
        trackingId: context.trackingId,
        url: context.url,
      },
    );
  }
  return result.data;
}
