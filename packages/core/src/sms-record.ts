/**
 * The List SMS response model (GET /contact_center/sms, docs/zoom-api.md): every documented field,
 * `queues[].cc_queue_id` (added 2024-05-09) beside the deprecated `queue_id`. Counts documented as
 * `<long>` may arrive as numbers or numeric strings and are normalised to numbers. Unknown fields are kept.
 * A descriptive field may be `null` (a value Zoom does not have: kept, never a reason to refuse the page);
 * the fields paging relies on — `engagement_id`, `start_time`, `end_time` and the page's own — may not.
 *
 * The types are the reference; the shapes the parser checks (shape-check.ts) are tied to them by the
 * compiler (`satisfies ShapeOf<…>`): a field added to a type without its shape, or with a kind that does
 * not match its type, does not compile.
 */
import type { FieldKind } from './shape-check.ts';

/**
 * A queue an engagement went through (`SmsRecord.queues`). Unknown fields are kept.
 *
 * @example
 * const queueIds = (record.queues ?? []).map((q) => q.cc_queue_id ?? q.queue_id);
 */
export interface SmsQueue {
  /** Deprecated by Zoom; `cc_queue_id` (added 2024-05-09) is its successor. */
  queue_id?: string | null | undefined;
  cc_queue_id?: string | null | undefined;
  queue_name?: string | null | undefined;
  [field: string]: unknown;
}

/**
 * An agent who handled an engagement (`SmsRecord.agents`). Unknown fields are kept.
 *
 * @example
 * const names = (record.agents ?? []).map((a) => a.display_name);
 */
export interface SmsAgent {
  user_id?: string | null | undefined;
  display_name?: string | null | undefined;
  [field: string]: unknown;
}

/**
 * One SMS engagement log as Zoom returns it; `engagement_id` identifies it. Unknown fields are kept.
 *
 * @example
 * for await (const record of client.sms.records(query)) console.log(record.engagement_id, record.direction);
 */
export interface SmsRecord {
  engagement_id: string;
  direction?: string | null | undefined;
  contact_center_number?: string | null | undefined;
  start_time?: string | undefined;
  end_time?: string | undefined;
  consumer_number?: string | null | undefined;
  consumer_display_name?: string | null | undefined;
  queues?: SmsQueue[] | null | undefined;
  agents?: SmsAgent[] | null | undefined;
  country_name?: string | null | undefined;
  sms_types?: string[] | null | undefined;
  total_sent_messages?: number | null | undefined;
  total_received_messages?: number | null | undefined;
  total_sent_files?: number | null | undefined;
  total_received_files?: number | null | undefined;
  [field: string]: unknown;
}

/**
 * One page of List SMS: records (`sms`), `next_page_token` and `total_records`. Unknown fields are kept.
 *
 * @example
 * const page: SmsPage = await client.sms.list(query);
 * if (page.next_page_token) await client.sms.list({ ...query, next_page_token: page.next_page_token });
 */
export interface SmsPage {
  next_page_token?: string | undefined;
  page_size?: number | undefined;
  total_records?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sms: SmsRecord[];
  [field: string]: unknown;
}

/** The kind a field of type `T` must have in its shape. */
type KindOf<T, Required extends boolean> = [T] extends [string]
  ? Required extends true
    ? 'id'
    : 'string'
  : [T] extends [number]
    ? 'long'
    : [T] extends [string[]]
      ? 'strings'
      : [T] extends [Array<infer E>]
        ? { readonly list: ShapeOf<E> }
        : never;

/** A field whose type admits `null` has a `nullable` kind; one whose type does not, a plain kind. */
type FieldKindOf<T, Required extends boolean> = null extends T
  ? { readonly nullable: KindOf<Exclude<T, null>, Required> }
  : KindOf<T, Required>;

/** The shape of an object type: each named field (not the index signature) with the kind of its type. */
type ShapeOf<T> = {
  readonly [K in keyof T as string extends K ? never : K]-?: FieldKindOf<
    Exclude<T[K], undefined>,
    undefined extends T[K] ? false : true
  > &
    FieldKind;
};

const queueShape = {
  queue_id: { nullable: 'string' },
  cc_queue_id: { nullable: 'string' },
  queue_name: { nullable: 'string' },
} as const satisfies ShapeOf<SmsQueue>;

const agentShape = {
  user_id: { nullable: 'string' },
  display_name: { nullable: 'string' },
} as const satisfies ShapeOf<SmsAgent>;

const recordShape = {
  engagement_id: 'id',
  direction: { nullable: 'string' },
  contact_center_number: { nullable: 'string' },
  start_time: 'string',
  end_time: 'string',
  consumer_number: { nullable: 'string' },
  consumer_display_name: { nullable: 'string' },
  queues: { nullable: { list: queueShape } },
  agents: { nullable: { list: agentShape } },
  country_name: { nullable: 'string' },
  sms_types: { nullable: 'strings' },
  total_sent_messages: { nullable: 'long' },
  total_received_messages: { nullable: 'long' },
  total_sent_files: { nullable: 'long' },
  total_received_files: { nullable: 'long' },
} as const satisfies ShapeOf<SmsRecord>;

/**
 * The page's shape. `sms` is a list here; that it is present is the parser's rule (response.ts: a body
 * without it is an error unless `total_records` is 0).
 */
export const smsPageShape = {
  next_page_token: 'string',
  page_size: 'long',
  total_records: 'long',
  from: 'string',
  to: 'string',
  sms: { list: recordShape },
} as const satisfies ShapeOf<SmsPage>;
