/**
 * "Simplify Output": the fields people filter and join on, flat. The full record keeps every field Zoom
 * sends (unknown ones too). `queue_id` is deprecated and `cc_queue_id` replaced it on 2024-05-09
 * (docs/zoom-api.md), so the queue id is whichever is present.
 */
import type { SmsRecord } from '@zcc-sms/core';
import type { IDataObject } from 'n8n-workflow';

export function simplifySms(record: SmsRecord): IDataObject {
  const queue = record.queues?.[0];
  return {
    engagement_id: record.engagement_id,
    direction: record.direction ?? null,
    start_time: record.start_time ?? null,
    end_time: record.end_time ?? null,
    consumer_number: record.consumer_number ?? null,
    contact_center_number: record.contact_center_number ?? null,
    country_name: record.country_name ?? null,
    queue_id: queue?.cc_queue_id ?? queue?.queue_id ?? null,
    queue_name: queue?.queue_name ?? null,
    agent_names: (record.agents ?? [])
      .map((a) => a.display_name)
      .filter((n): n is string => typeof n === 'string'),
    total_sent_messages: record.total_sent_messages ?? 0,
    total_received_messages: record.total_received_messages ?? 0,
  };
}
