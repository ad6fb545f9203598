/**
 * `@zcc-sms/core`: everything about Zoom Contact Center's List SMS endpoint. Portable: no timers,
 * `process`, `console` or `fs`; Node defaults are in `@zcc-sms/core/node`.
 */

export type { ServerToServerCredentials, ServerToServerOptions, TokenProvider } from './auth.ts';
export { DEFAULT_TOKEN_URL, serverToServerTokenProvider, staticTokenProvider } from './auth.ts';
export { causeChain } from './cause-chain.ts';
export type {
  ClientStats,
  PagesOptions,
  SmsApi,
  WindowPagesOptions,
  ZoomAuth,
  ZoomClient,
  ZoomClientOptions,
} from './client.ts';
export { createZoomClient, DEFAULT_BASE_URL } from './client.ts';
export { checkAccountId } from './endpoint-url.ts';
export {
  redactSecrets,
  ZoomAbortError,
  ZoomAuthError,
  ZoomBadRequestError,
  ZoomCredentialsError,
  ZoomDailyQuotaError,
  ZoomError,
  ZoomInputError,
  ZoomNetworkError,
  ZoomNotFoundError,
  ZoomPageTokenError,
  ZoomPermissionError,
  ZoomRateLimitError,
  ZoomResponseError,
  ZoomServerError,
} from './errors.ts';
export {
  checkConcurrency,
  checkPageSize,
  checkWholeNumber,
  filtersOf,
  grantsSmsRead,
  isRatePlanName,
  MAX_CONCURRENCY,
  SMS_READ_SCOPES,
  SMS_READ_SCOPES_TEXT,
} from './limits.ts';
export type { LogFields, Logger, LogLevel } from './logger.ts';
export { redactFields, safeLogger, silentLogger } from './logger.ts';
export type { CostEstimate, EstimateLimits, MonthEstimate, WindowEstimate } from './plan.ts';
export { etaMs, expectedFinish } from './plan.ts';
export type { ExportPlan, PlanOptions } from './planner.ts';
export { planExport } from './planner.ts';
export type { SmsFilters, SmsQuery, SmsRange } from './query.ts';
export { MAX_PAGE_SIZE, parseSmsFilters, parseSmsQuery } from './query.ts';
export type { RateBudget, RateBudgetOptions, RateBudgetState, RatePlanName } from './rate-budget.ts';
export { createRateBudget, RATE_PLANS, resolveLimits } from './rate-budget.ts';
export type { RateOptionsInput } from './rate-options.ts';
export { validateRateBudgetOptions } from './rate-options.ts';
export type { RecordOrder } from './record-order.ts';
export type { RateLimitHit, RequestEvent, RequestObserver } from './request-observer.ts';
export type { SmsAgent, SmsPage, SmsQueue, SmsRecord } from './response.ts';
export type { RetryOptions } from './retry-policy.ts';
export type { Favor } from './split-policy.ts';
export { recommendedConcurrency } from './split-policy.ts';
export type { TokenGrant } from './token-grant.ts';
export { requestTokenGrant } from './token-grant.ts';
export type { Clock, Sleep, Transport, TransportRequest, TransportResponse } from './transport.ts';
export type { WindowPart } from './window-cursor.ts';
export type { SmsPageResult, WindowCursor } from './window-pages.ts';
export { canNarrow, canResume } from './window-pages.ts';
export type { TimeWindow } from './windows.ts';
export {
  formatInstant,
  isWindowId,
  monthWindows,
  parseZoomDate,
  splitWindow,
  touchesSharedEdge,
} from './windows.ts';
