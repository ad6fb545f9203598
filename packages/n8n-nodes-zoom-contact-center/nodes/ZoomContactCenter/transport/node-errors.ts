/**
 * Core errors → n8n errors. A user mistake (bad parameter, bad credential URL) becomes a
 * `NodeOperationError` that names the field, the value and the fix; anything Zoom answered becomes a
 * `NodeApiError` with the HTTP status and Zoom's tracking id (support tickets need it — docs/zoom-api.md).
 * Only the error's own fields are passed on: never the request, whose headers carry the access token.
 */
import {
  SMS_READ_SCOPES,
  ZoomAbortError,
  ZoomAuthError,
  ZoomCredentialsError,
  ZoomDailyQuotaError,
  ZoomError,
  ZoomInputError,
  ZoomNetworkError,
  ZoomPageTokenError,
  ZoomPermissionError,
  ZoomRateLimitError,
  ZoomResponseError,
  ZoomServerError,
} from '@zcc-sms/core';
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

const SCOPES = SMS_READ_SCOPES.join(' or ');

function advice(error: ZoomError): string {
  if (error instanceof ZoomCredentialsError) {
    return 'Check the Account ID, Client ID and Client Secret of your Server-to-Server OAuth app in the Zoom App Marketplace, and that the app is activated.';
  }
  if (error instanceof ZoomPermissionError) {
    return `Add the scope ${SCOPES} to your Server-to-Server OAuth app in the Zoom App Marketplace, then try again.`;
  }
  if (error instanceof ZoomAuthError) {
    return 'Zoom rejected the access token even after n8n fetched a new one. Check that the app is activated and belongs to this account.';
  }
  if (error instanceof ZoomDailyQuotaError) {
    return `Zoom's daily limit for this API is spent (it is shared by every app on the account). It resets at ${new Date(error.resetAt).toISOString()}; run the workflow again after that.`;
  }
  if (error instanceof ZoomRateLimitError) {
    return 'Zoom kept answering "too many requests": other apps on this account are using the same rate limit. Try again later.';
  }
  if (error instanceof ZoomPageTokenError) {
    return 'Zoom rejected its own page token again after restarting the window. Try again.';
  }
  if (error instanceof ZoomServerError || error instanceof ZoomNetworkError) {
    return 'Zoom did not answer successfully after several attempts. Try again later.';
  }
  if (error instanceof ZoomResponseError) {
    return "Zoom's answer did not have the documented shape; please report it with the tracking id.";
  }
  return 'See the message for what Zoom answered.';
}

function withTrackingId(text: string, error: ZoomError): string {
  return error.trackingId ? `${text} Zoom tracking id: ${error.trackingId}` : text;
}

/**
 * The n8n error for anything thrown while running item `itemIndex`.
 *
 * @example
 * throw toNodeError(this.getNode(), error, i);
 */
export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) {
    error.context.itemIndex ??= itemIndex;
    return error;
  }
  if (error instanceof ZoomInputError) {
    return new NodeOperationError(node, error.message, { itemIndex, description: `Fix: ${error.fix}` });
  }
  if (error instanceof ZoomAbortError) {
    return new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
  }
  if (error instanceof ZoomError) {
    const response: JsonObject = {
      name: error.name,
      message: error.message,
      code: error.code ?? null,
      status: error.status ?? null,
      trackingId: error.trackingId ?? null,
    };
    return new NodeApiError(node, response, {
      itemIndex,
      message: error.message,
      description: withTrackingId(advice(error), error),
      httpCode: error.status === undefined ? undefined : String(error.status),
    });
  }
  if (error instanceof RangeError) {
    // endpointsOf(): a custom API base URL or token URL in the credential is not a URL.
    return new NodeOperationError(node, error.message, {
      itemIndex,
      description: 'Fix the Zoom Contact Center credential.',
    });
  }
  return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
