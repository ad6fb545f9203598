/**
 * The List SMS response model. Every documented field, `queues[].cc_queue_id` (added 2024-05-09) beside the
 * deprecated `queue_id`. Counts documented as `<long>` may arrive as numbers or numeric strings and are
 * normalised to numbers. Unknown fields are kept (`.loose()`), never dropped. A body that fails validation
 * raises `ZoomResponseError` carrying the path.
 */
import { z } from 'zod';
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
    sms: z.array(smsRecordSchema).optional().default([]),
  })
  .loose();

export type SmsRecord = z.infer<typeof smsRecordSchema>;
export type SmsPage = z.infer<typeof smsPageSchema>;

/** Parses a 2xx body. Invalid JSON is treated as a truncated body (retryable); a wrong shape is not. */
export function parseSmsPage(
  body: string,
  context: { trackingId?: string | undefined; url?: string } = {},
): SmsPage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new ZoomResponseError(`Zoom's response body is not complete JSON (${body.length} bytes received)`, {
      truncated: true,
      cause,
      trackingId: context.trackingId,
      url: context.url,
    });
  }
  const result = smsPageSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.join('.');
    throw new ZoomResponseError(
      `Zoom's List SMS response does not match the documented shape at ${path || '(root)'}: ${issue.message}`,
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
