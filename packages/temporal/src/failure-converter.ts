/**
 * Loaded by path (`failureConverterPath`) in the worker's workflow sandbox and in clients: failure
 * messages and stack traces move into an encoded payload, so the payload codec encrypts them too
 * (an error message may quote a phone number).
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
