/**
 * Decoding what `describe()` returns raw — a pending activity's heartbeat details and last failure — through
 * the client's data converter, codecs included (a codec-encrypted history is unreadable otherwise).
 *
 * Heartbeats use only public API: each codec's `decode`, last codec first (the order the SDK encodes in
 * reverse), then `fromPayloadsAtIndex`. Failures are the one place we import from the SDK's private
 * `@temporalio/common/lib/internal-non-workflow`: a failure proto nests encoded attributes, details and
 * causes, and `decodeOptionalFailureToOptionalError` is the SDK's own walk over them — copying it would
 * drift from the SDK on its next change to the failure format, while the private path fails loudly (at
 * typecheck and import) when it moves. This file is the only importer of that path.
 */
import {
  fromPayloadsAtIndex,
  type LoadedDataConverter,
  type Payload,
  type ProtoFailure,
} from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow/index.js';

/** The value at `index` of codec-encoded payloads, e.g. an activity's latest heartbeat details. */
export async function decodePayloadAt<T>(
  converter: LoadedDataConverter,
  index: number,
  payloads: Payload[] | null | undefined,
): Promise<T> {
  let decoded = payloads ?? [];
  for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  return fromPayloadsAtIndex<T>(converter.payloadConverter, index, decoded);
}

/** A failure proto (e.g. an activity's `lastFailure`) as the Error the worker raised, causes included. */
export async function decodeFailure(
  converter: LoadedDataConverter,
  failure: ProtoFailure | null | undefined,
): Promise<Error | undefined> {
  return await decodeOptionalFailureToOptionalError(converter, failure ?? undefined);
}
